import Foundation
import Testing

@testable import Templates

@Suite("Rendering")
struct TemplateRenderingTests {
    private let context: TemplateContext = [
        "contact": ["name": "Ann", "phone": "+15550100001", "tags": ["vip", "new"]],
        "flow": [
            "httpStatus": 200,
            "httpResponse": [
                "items": [["name": "Tea", "price": 2.5], ["name": "Cake", "price": 3.0]],
                "byIndex": ["0": "zero"],
            ],
            "message": "<<contact.phone>>",
        ],
        "vars": ["order": "A/1 2", "empty": "", "nothing": .null, "flag": true],
    ]

    @Test func constantTemplateRendersItsTextWithEscapesResolved() throws {
        let rendered = try Template(#"Write \<<name>> >> here"#).render(context)
        #expect(rendered.text == "Write <<name>> >> here")
        #expect(rendered.isComplete)
    }

    @Test func insertsValuesBetweenText() throws {
        #expect(try Template("Hi <<contact.name>>, status <<flow.httpStatus>>!").render(context).text == "Hi Ann, status 200!")
    }

    @Test func insertedValuesAreNeverExpandedAgain() throws {
        let rendered = try Template("You said: <<flow.message>>").render(context)
        #expect(rendered.text == "You said: <<contact.phone>>")
        #expect(rendered.missing.isEmpty)
    }

    @Test func indexesReachIntoArrays() throws {
        let template = try Template("<<flow.httpResponse.items.1.name>> costs <<flow.httpResponse.items.0.price>>")
        #expect(template.render(context).text == "Cake costs 2.5")
    }

    @Test func indexOnObjectReadsTheNumericKey() throws {
        #expect(try Template("<<flow.httpResponse.byIndex.0>>").render(context).text == "zero")
    }

    @Test func missingVariableRendersEmptyAndIsReportedOnce() throws {
        let rendered = try Template("[<<contact.city>>|<<vars.x>>|<<contact.city>>|<<flow.httpResponse.items.9>>]").render(context)
        #expect(rendered.text == "[|||]")
        #expect(rendered.missing.map(\.description) == ["contact.city", "vars.x", "flow.httpResponse.items.9"])
        #expect(rendered.defaulted.isEmpty)
        #expect(!rendered.isComplete)
    }

    @Test func defaultedVariablesAreReportedSeparately() throws {
        let rendered = try Template(#"Hi <<contact.nickname | default: "there">>"#).render(context)
        #expect(rendered.text == "Hi there")
        #expect(rendered.missing.isEmpty)
        #expect(rendered.defaulted.map(\.description) == ["contact.nickname"])
        #expect(rendered.isComplete)
    }

    @Test func pathGuardedOnceAndUnguardedOnceIsBothDefaultedAndMissing() throws {
        let rendered = try Template(#"<<vars.x | default: "a">><<vars.x>>"#).render(context)
        #expect(rendered.text == "a")
        #expect(rendered.missing.map(\.description) == ["vars.x"])
        #expect(rendered.defaulted.map(\.description) == ["vars.x"])
    }

    @Test func nullIsEmptyButNotMissing() throws {
        let rendered = try Template("[<<vars.nothing>>]").render(context)
        #expect(rendered.text == "[]")
        #expect(rendered.missing.isEmpty)
    }

    @Test func keyOnArrayAndStepIntoScalarAreMissing() throws {
        let rendered = try Template("<<contact.tags.first>><<contact.name.length>>").render(context)
        #expect(rendered.text == "")
        #expect(rendered.missing.count == 2)
    }

    @Test func valuesRenderInTheirNaturalForm() throws {
        let values: TemplateContext = [
            "v": [
                "int": 42, "half": 2.5, "whole": 3.0, "negZero": -0.0, "huge": 1e20, "yes": true, "no": false,
                "list": [1, "a"], "obj": ["z": 1, "a": ["b": .null]],
            ]
        ]
        let template = try Template("<<v.int>> <<v.half>> <<v.whole>> <<v.negZero>> <<v.huge>> <<v.yes>> <<v.no>> <<v.list>> <<v.obj>>")
        #expect(template.render(values).text == #"42 2.5 3 0 1e+20 true false [1,"a"] {"a":{"b":null},"z":1}"#)
    }

    @Test func urlEscapingEncodesOnlyInsertedValues() throws {
        let template = try Template("https://shop.example/orders/<<vars.order>>?tag=<<contact.tags.0>>&x=1")
        let rendered = template.render(context, escaping: .urlComponent)
        #expect(rendered.text == "https://shop.example/orders/A%2F1%202?tag=vip&x=1")
    }

    @Test func urlencodeFilterIsNotEncodedTwiceUnderURLEscaping() throws {
        let template = try Template("/o/<<vars.order | urlencode>>")
        #expect(template.render(context, escaping: .urlComponent).text == "/o/A%2F1%202")
    }

    @Test func jsonStringEscapingProducesValidJSON() throws {
        let tricky: TemplateContext = ["v": ["t": "He said \"hi\"\\\n\tbye\u{01} </x>"]]
        let template = try Template(#"{"text": "<<v.t>>"}"#)
        let rendered = template.render(tricky, escaping: .jsonString)
        #expect(rendered.text == #"{"text": "He said \"hi\"\\\n\tbye\u0001 </x>"}"#)
        let decoded = try TemplateValue(jsonData: Data(rendered.text.utf8))
        #expect(decoded == ["text": "He said \"hi\"\\\n\tbye\u{01} </x>"])
    }

    @Test func jsonFilterIsInsertedVerbatimUnderJSONEscaping() throws {
        let template = try Template(#"{"tags": <<contact.tags | json>>, "name": "<<contact.name>>"}"#)
        let rendered = template.render(context, escaping: .jsonString)
        #expect(rendered.text == #"{"tags": ["vip","new"], "name": "Ann"}"#)
        #expect(try TemplateValue(jsonData: Data(rendered.text.utf8)) == ["tags": ["vip", "new"], "name": "Ann"])
    }

    @Test func jsonFilterFollowedByAnotherFilterIsEscaped() throws {
        let template = try Template(#""<<contact.name | json | trim>>""#)
        #expect(template.render(context, escaping: .jsonString).text == #""\"Ann\"""#)
    }

    @Test func noEscapingLeavesValuesUntouched() throws {
        let template = try Template("<<vars.order>>")
        #expect(template.render(context, escaping: .none).text == "A/1 2")
    }

    @Test func renderingTwiceGivesTheSameResultForDifferentContexts() throws {
        let template = try Template("Hi <<contact.name | default: \"you\">>")
        #expect(template.render(context).text == "Hi Ann")
        #expect(template.render([:]).text == "Hi you")
        #expect(template.render(context).text == "Hi Ann")
    }

    @Test func unicodeTextAroundInsertionsIsPreserved() throws {
        let template = try Template("¡Hola 👋🏽 <<contact.name>>! 你好")
        #expect(template.render(context).text == "¡Hola 👋🏽 Ann! 你好")
    }
}
