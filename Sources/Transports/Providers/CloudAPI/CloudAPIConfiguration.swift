import Foundation

/// How to reach one WhatsApp number through Meta's Cloud API.
///
/// Printing it masks the secrets (`accessToken`, `appSecret`, `verifyToken`).
public struct CloudAPIConfiguration: Sendable, Hashable {
    /// The Graph API version used when the sender names none. Graph versions live about
    /// two years; v26.0 is the newest Meta lists (released July 2026).
    public static let defaultAPIVersion = "v26.0"
    /// Meta's Graph API host.
    public static let defaultBaseURL = URL(string: "https://graph.facebook.com")!

    /// The phone number ID from the app dashboard (not the phone number itself).
    public var phoneNumberID: String
    /// A system-user access token with `whatsapp_business_messaging`.
    public var accessToken: String
    /// The app secret that signs webhooks; one per Meta app, so several numbers of one
    /// app share it.
    public var appSecret: String
    /// The token Meta echoes when the webhook URL is registered.
    public var verifyToken: String
    /// The Graph host; tests and proxies change it.
    public var baseURL: URL
    /// The Graph API version, with its `v` (`v26.0`).
    public var apiVersion: String
    /// How long one request may take, connect to last byte.
    public var requestTimeout: Duration

    /// Creates a configuration.
    public init(
        phoneNumberID: String, accessToken: String, appSecret: String, verifyToken: String, baseURL: URL = Self.defaultBaseURL,
        apiVersion: String = Self.defaultAPIVersion, requestTimeout: Duration = .seconds(30)
    ) {
        self.phoneNumberID = phoneNumberID
        self.accessToken = accessToken
        self.appSecret = appSecret
        self.verifyToken = verifyToken
        self.baseURL = baseURL
        self.apiVersion = apiVersion
        self.requestTimeout = requestTimeout
    }

    /// `{baseURL}/{apiVersion}/{phoneNumberID}/messages`.
    public var messagesURL: URL {
        phoneNumberURL.appendingPathComponent("messages")
    }

    /// `{baseURL}/{apiVersion}/{phoneNumberID}`.
    public var phoneNumberURL: URL {
        baseURL.appendingPathComponent(apiVersion).appendingPathComponent(phoneNumberID)
    }
}

extension CloudAPIConfiguration: CustomStringConvertible, CustomReflectable {
    /// The configuration with its secrets masked.
    public var description: String {
        "CloudAPIConfiguration(phoneNumberID: \(phoneNumberID), baseURL: \(baseURL.absoluteString), apiVersion: \(apiVersion), "
            + "accessToken: ***, appSecret: ***, verifyToken: ***)"
    }

    /// A mirror without the secrets, so `dump` and debuggers do not show them.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "phoneNumberID": phoneNumberID, "baseURL": baseURL, "apiVersion": apiVersion, "requestTimeout": requestTimeout,
                "accessToken": "***", "appSecret": "***", "verifyToken": "***",
            ], displayStyle: .struct)
    }
}
