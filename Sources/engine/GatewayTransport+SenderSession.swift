import Transports

/// The gateway transport already has both calls; this only names the conformance.
extension GatewayTransport: SenderSession {}
