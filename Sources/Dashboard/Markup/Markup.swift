/// The page's mustache templates, compiled once by ``Dashboard``.
///
/// Every `{{value}}` is HTML-escaped (quotes included, so values are safe in attributes);
/// the one `{{{triple}}}` insertion is the pairing QR code, which ``Page`` draws from a
/// module matrix and so holds no user text. No JavaScript: the page reloads itself with a
/// `<meta http-equiv="refresh">`.
enum Markup {
    /// The template to render; the others are its partials.
    static let root = "page"

    /// Each template by the name partials refer to it with.
    static let templates: [String: String] = [
        "page": page,
        "stylesheet": stylesheet,
        "senders": senders,
        "campaigns": campaigns,
        "flows": flows,
        "messages": messages,
    ]

    static let page = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="refresh" content="{{refreshSeconds}}">
        <title>engine · dashboard</title>
        <style>
        {{> stylesheet}}
        </style>
        </head>
        <body>
        <header class="topbar">
          <div class="topbar-inner">
            <div class="brand"><span class="mark" aria-hidden="true"></span>engine <span class="brand-sub">dashboard</span></div>
            <div class="meta">
              {{#revision}}
              <span>Revision <code>{{id}}</code> applied <time datetime="{{appliedAtISO}}" title="{{appliedAt}}">{{appliedAgo}}</time></span>
              {{/revision}}
              {{^revision}}
              <span>No revision applied yet</span>
              {{/revision}}
              <span>Updated <time datetime="{{generatedAtISO}}">{{generatedAt}}</time> · refreshes every {{refreshSeconds}} s</span>
            </div>
          </div>
        </header>
        <main>
        {{#problem}}
        <section class="banner" role="alert">
          <h2>Configuration error</h2>
          <p class="banner-reason">{{reason}}</p>
          <p class="banner-note">{{#revision}}The engine keeps running revision <code>{{id}}</code> until the files are fixed.{{/revision}}{{^revision}}Nothing is applied until the files are fixed.{{/revision}}</p>
          {{#hasDiagnostics}}
          <ul class="diagnostics">
            {{#diagnostics}}
            <li><code class="location">{{location}}</code> <span>{{message}}</span></li>
            {{/diagnostics}}
          </ul>
          {{/hasDiagnostics}}
        </section>
        {{/problem}}
        <section class="stats" aria-label="Summary">
          {{#stats}}
          <div class="stat stat-{{tone}}"><div class="stat-label">{{label}}</div><div class="stat-value">{{value}}</div><div class="stat-detail">{{detail}}</div></div>
          {{/stats}}
        </section>
        {{> senders}}
        {{> campaigns}}
        {{> flows}}
        {{> messages}}
        </main>
        <footer>Times in UTC · server-rendered, no JavaScript</footer>
        </body>
        </html>

        """

    static let senders = """
        <section class="panel" id="senders">
          <h2>Senders <span class="count">{{senderCount}}</span></h2>
          {{#hasSenders}}
          <div class="cards">
            {{#senders}}
            <article class="card sender">
              <div class="card-head"><h3>{{name}}</h3><span class="badge badge-{{connectionTone}}">{{connectionLabel}}</span></div>
              <div class="card-sub">{{phone}} · {{transport}}</div>
              {{#pausedReason}}
              <div class="paused"><strong>Paused</strong> {{.}}</div>
              {{/pausedReason}}
              <div class="meter"><span class="meter-label">Health</span><span class="bar"><span class="fill fill-{{healthTone}}" style="width: {{healthWidth}}%"></span></span><span class="meter-value">{{health}}</span></div>
              {{#quotas}}
              <div class="meter"><span class="meter-label">{{window}}</span><span class="bar"><span class="fill fill-{{tone}}" style="width: {{width}}%"></span></span><span class="meter-value">{{used}} / {{limit}}</span></div>
              {{/quotas}}
              {{#pairingSVG}}
              <figure class="qr">{{{.}}}<figcaption>Scan with WhatsApp on {{phone}} to connect</figcaption></figure>
              {{/pairingSVG}}
            </article>
            {{/senders}}
          </div>
          {{/hasSenders}}
          {{^hasSenders}}
          <p class="empty">No senders configured. Add a <code>kind: Sender</code> resource and apply it.</p>
          {{/hasSenders}}
        </section>

        """

    static let campaigns = """
        <section class="panel" id="campaigns">
          <h2>Campaigns <span class="count">{{campaignCount}}</span></h2>
          {{#hasCampaigns}}
          <div class="legend"><span class="key key-read"></span>Read <span class="key key-delivered"></span>Delivered <span class="key key-sent"></span>Sent <span class="key key-failed"></span>Failed <span class="key key-rest"></span>Waiting</div>
          <table class="table">
            <thead><tr><th>Campaign</th><th>State</th><th class="col-progress">Progress</th><th class="num">Sent</th><th class="num">Delivered</th><th class="num">Read</th><th class="num">Failed</th><th class="num">Queued</th><th>ETA</th></tr></thead>
            <tbody>
              {{#campaigns}}
              <tr>
                <td class="strong">{{name}}</td>
                <td><span class="badge badge-{{stateTone}}">{{stateLabel}}</span></td>
                <td><div class="progress"><span class="stack">{{#segments}}<span class="segment segment-{{kind}}" style="width: {{width}}%"></span>{{/segments}}</span><span class="percent">{{percent}}%</span></div><div class="progress-note">{{done}} of {{total}} contacts</div></td>
                <td class="num">{{sent}}</td><td class="num">{{delivered}}</td><td class="num">{{read}}</td><td class="num">{{failed}}</td><td class="num">{{queued}}</td>
                <td>{{#eta}}<time datetime="{{iso}}" title="{{absolute}}">{{relative}}</time>{{/eta}}{{^eta}}<span class="muted">—</span>{{/eta}}</td>
              </tr>
              {{/campaigns}}
            </tbody>
          </table>
          {{/hasCampaigns}}
          {{^hasCampaigns}}
          <p class="empty">No campaigns. A <code>kind: Campaign</code> resource starts one.</p>
          {{/hasCampaigns}}
        </section>

        """

    static let flows = """
        <section class="panel" id="flows">
          <h2>Flows <span class="count">{{flowCount}}</span></h2>
          {{#hasFlows}}
          <div class="cards">
            {{#flows}}
            <article class="card flow">
              <div class="card-head"><h3>{{name}}</h3>{{#flowVersion}}<code class="version" title="applied version">{{.}}</code>{{/flowVersion}}</div>
              <div class="executions{{#isBusy}} executions-busy{{/isBusy}}"><span class="executions-value">{{activeExecutions}}</span> active executions</div>
              {{#hasNodes}}
              <table class="nodes">
                {{#nodes}}
                <tr><td class="node">{{node}}</td><td class="node-bar"><span class="node-fill" style="width: {{width}}%"></span></td><td class="num">{{count}}</td></tr>
                {{/nodes}}
              </table>
              {{/hasNodes}}
              {{^hasNodes}}
              <p class="muted small">No node entered yet.</p>
              {{/hasNodes}}
            </article>
            {{/flows}}
          </div>
          {{/hasFlows}}
          {{^hasFlows}}
          <p class="empty">No flows. A <code>kind: Flow</code> resource answers conversations.</p>
          {{/hasFlows}}
        </section>

        """

    static let messages = """
        <section class="panel" id="messages">
          <h2>Latest messages <span class="count">{{messageCount}}</span></h2>
          {{#hasMessages}}
          <table class="table messages">
            <thead><tr><th class="col-time">Time</th><th class="col-direction"></th><th class="col-sender">Sender</th><th class="col-contact">Contact</th><th class="col-state">State</th><th>Message</th></tr></thead>
            <tbody>
              {{#messages}}
              <tr>
                <td class="mono"><time datetime="{{timeISO}}" title="{{timeFull}}">{{time}}</time></td>
                <td><span class="direction direction-{{direction}}">{{directionLabel}}</span></td>
                <td>{{sender}}</td>
                <td class="mono">{{contact}}</td>
                <td><span class="badge badge-{{stateTone}}">{{stateLabel}}</span></td>
                <td class="preview" title="{{preview}}">{{preview}}</td>
              </tr>
              {{/messages}}
            </tbody>
          </table>
          {{/hasMessages}}
          {{^hasMessages}}
          <p class="empty">No messages yet.</p>
          {{/hasMessages}}
        </section>

        """
}
