/// Flow documents the tests share.
enum FlowDocuments {
    /// Keyword `survey`: ask, wait (1 h) for a number, thank, end; times out to `late`.
    static let survey = """
        kind: Flow
        name: survey
        triggers: [{ keywords: [survey] }]
        start: ask
        nodes:
          ask: { send: "Hi <<contact.name | default: \\"there\\">>! How many stars?", next: answer }
          answer: { wait: { save: stars, timeout: 1h }, next: thanks, timeout: late }
          thanks: { send: "Thanks for <<vars.stars>> stars", next: end }
          late: { send: "Too late", next: end }
        """

    /// Keyword `slow`: say one, delay 10 min, say two, wait for a reply, echo it.
    static let slow = """
        kind: Flow
        name: slow
        triggers: [{ keywords: [slow] }]
        start: one
        nodes:
          one: { send: "one", next: pause }
          pause: { delay: 10m, next: two }
          two: { send: "two", next: listen }
          listen: { wait: { save: reply }, next: echo }
          echo: { send: "you said <<vars.reply>>", next: end }
        """

    /// A catch-all that answers everything nothing else takes.
    static let fallback = """
        kind: Flow
        name: fallback
        catchAll: true
        start: hello
        nodes:
          hello: { send: "Write survey or slow", next: end }
        """
}
