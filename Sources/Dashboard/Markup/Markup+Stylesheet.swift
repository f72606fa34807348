extension Markup {
    /// The page's CSS, inlined so the page is one self-contained response.
    ///
    /// Bars are plain elements whose width the template sets; tones (`good`, `warn`, `bad`,
    /// `info`, `neutral`) are the only colours the page uses. It must never contain two
    /// braces in a row: it is parsed as a mustache partial.
    static let stylesheet = """
        :root {
          --bg: #f5f6f8; --panel: #ffffff; --line: #e2e5ea; --text: #1d2330; --muted: #6b7280;
          --good: #15803d; --good-soft: #dcfce7; --warn: #b45309; --warn-soft: #fef3c7;
          --bad: #b91c1c; --bad-soft: #fee2e2; --info: #1d4ed8; --info-soft: #dbeafe;
          --neutral: #4b5563; --neutral-soft: #eceef2; --track: #eceef2;
          --mono: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace;
        }
        * { box-sizing: border-box; }
        body {
          margin: 0; background: var(--bg); color: var(--text);
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
        }
        code, .mono { font-family: var(--mono); font-size: 12.5px; }
        h2, h3 { margin: 0; }
        .muted { color: var(--muted); }
        .small { font-size: 12.5px; }

        .topbar { background: #111827; color: #f9fafb; }
        .topbar-inner {
          max-width: 1240px; margin: 0 auto; padding: 14px 24px;
          display: flex; align-items: center; justify-content: space-between; gap: 24px; flex-wrap: wrap;
        }
        .brand { font-size: 17px; font-weight: 650; letter-spacing: 0.01em; display: flex; align-items: center; }
        .brand-sub { font-weight: 400; color: #9ca3af; margin-left: 6px; }
        .mark { width: 12px; height: 12px; border-radius: 3px; background: #22c55e; margin-right: 10px; transform: rotate(45deg); }
        .meta { display: flex; gap: 20px; flex-wrap: wrap; color: #d1d5db; font-size: 13px; }
        .meta code { color: #f9fafb; background: #1f2937; padding: 1px 6px; border-radius: 4px; }

        main { max-width: 1240px; margin: 0 auto; padding: 20px 24px 8px; }
        footer { max-width: 1240px; margin: 0 auto; padding: 8px 24px 28px; color: var(--muted); font-size: 12px; }

        .banner {
          background: var(--bad-soft); border: 1px solid #fca5a5; border-left: 6px solid var(--bad);
          border-radius: 10px; padding: 16px 20px; margin-bottom: 20px; color: #7f1d1d;
        }
        .banner h2 { font-size: 16px; color: var(--bad); margin-bottom: 4px; }
        .banner-reason { margin: 0 0 4px; font-weight: 600; font-size: 15px; }
        .banner-note { margin: 0; font-size: 13px; }
        .banner code { background: #fff1f1; padding: 1px 5px; border-radius: 4px; }
        .diagnostics { list-style: none; margin: 12px 0 0; padding: 10px 12px; background: #fff; border: 1px solid #fecaca; border-radius: 8px; }
        .diagnostics li { padding: 3px 0; display: flex; gap: 12px; }
        .diagnostics .location { background: none; padding: 0; color: var(--bad); white-space: nowrap; }

        .stats { display: grid; grid-template-columns: repeat(4, 1fr); gap: 16px; margin-bottom: 20px; }
        .stat { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; }
        .stat-label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; display: flex; align-items: center; gap: 7px; }
        .stat-label::before { content: ""; width: 8px; height: 8px; border-radius: 50%; background: #cbd0d8; }
        .stat-good .stat-label::before { background: #22c55e; }
        .stat-warn .stat-label::before { background: #f59e0b; }
        .stat-info .stat-label::before { background: #3b82f6; }
        .stat-value { font-size: 26px; font-weight: 650; margin: 2px 0; font-variant-numeric: tabular-nums; }
        .stat-detail { color: var(--muted); font-size: 12.5px; }

        .panel { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; padding: 18px 20px; margin-bottom: 20px; }
        .panel > h2 { font-size: 15px; font-weight: 650; margin-bottom: 14px; display: flex; align-items: center; gap: 8px; }
        .count { background: var(--neutral-soft); color: var(--neutral); border-radius: 999px; padding: 0 8px; font-size: 12px; font-weight: 600; }
        .empty { margin: 0; padding: 22px; text-align: center; color: var(--muted); background: #fafbfc; border: 1px dashed var(--line); border-radius: 8px; }

        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 16px; align-items: start; }
        .card { border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; background: #fcfcfd; min-width: 0; }
        .card-head { display: flex; align-items: center; justify-content: space-between; gap: 10px; }
        .card-head h3 { font-size: 15px; font-weight: 650; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        .card-sub { color: var(--muted); font-size: 12.5px; margin: 2px 0 10px; }

        .badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; }
        .badge-good { background: var(--good-soft); color: var(--good); }
        .badge-warn { background: var(--warn-soft); color: var(--warn); }
        .badge-bad { background: var(--bad-soft); color: var(--bad); }
        .badge-info { background: var(--info-soft); color: var(--info); }
        .badge-neutral { background: var(--neutral-soft); color: var(--neutral); }

        .paused { background: var(--warn-soft); color: #78350f; border-radius: 6px; padding: 6px 10px; font-size: 12.5px; margin-bottom: 10px; }
        .meter { display: grid; grid-template-columns: 84px 1fr 92px; align-items: center; gap: 10px; margin: 7px 0; font-size: 12.5px; }
        .meter-label { color: var(--muted); }
        .meter-value { text-align: right; font-variant-numeric: tabular-nums; }
        .bar { display: block; height: 8px; background: var(--track); border-radius: 4px; overflow: hidden; }
        .fill { display: block; height: 100%; border-radius: 4px; }
        .fill-good { background: #22c55e; }
        .fill-warn { background: #f59e0b; }
        .fill-bad { background: #ef4444; }
        .fill-info { background: #3b82f6; }

        .qr { margin: 14px 0 2px; padding: 12px; border: 1px dashed #d1d5db; border-radius: 8px; text-align: center; background: #fff; }
        .qr svg { width: 164px; height: 164px; display: block; margin: 0 auto; }
        .qr figcaption { margin-top: 6px; color: var(--muted); font-size: 12.5px; }

        .legend { display: flex; align-items: center; gap: 6px; color: var(--muted); font-size: 12px; margin: -6px 0 10px; }
        .key { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-left: 8px; }
        .key:first-child { margin-left: 0; }
        .key-read, .segment-read { background: #15803d; }
        .key-delivered, .segment-delivered { background: #4ade80; }
        .key-sent, .segment-sent { background: #60a5fa; }
        .key-failed, .segment-failed { background: #ef4444; }
        .key-rest { background: var(--track); }

        .table { width: 100%; border-collapse: collapse; }
        .table th {
          text-align: left; font-size: 12px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em;
          padding: 0 10px 8px; border-bottom: 1px solid var(--line);
        }
        .table td { padding: 9px 10px; border-bottom: 1px solid #f0f1f4; vertical-align: middle; }
        .table tr:last-child td { border-bottom: none; }
        .table .num { text-align: right; font-variant-numeric: tabular-nums; }
        .strong { font-weight: 600; }
        .col-progress { width: 28%; }
        .progress { display: flex; align-items: center; gap: 10px; }
        .stack { flex: 1; display: flex; height: 10px; background: var(--track); border-radius: 5px; overflow: hidden; }
        .segment { display: block; height: 100%; }
        .percent { width: 48px; text-align: right; font-weight: 600; font-variant-numeric: tabular-nums; }
        .progress-note { color: var(--muted); font-size: 12px; margin-top: 2px; }

        .executions { font-size: 13px; color: var(--muted); margin: 4px 0 10px; }
        .executions-value { font-size: 22px; font-weight: 650; color: var(--text); margin-right: 4px; font-variant-numeric: tabular-nums; }
        .executions-busy .executions-value { color: var(--info); }
        .version { background: var(--neutral-soft); color: var(--neutral); padding: 1px 6px; border-radius: 4px; font-size: 11.5px; }
        .nodes { width: 100%; border-collapse: collapse; font-size: 12.5px; }
        .nodes td { padding: 3px 0; }
        .node { font-family: var(--mono); font-size: 12px; width: 38%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 0; padding-right: 10px; }
        .node-bar { padding: 0 10px; }
        .node-fill { display: block; height: 6px; background: #93c5fd; border-radius: 3px; min-width: 2px; }
        .nodes .num { text-align: right; width: 56px; font-variant-numeric: tabular-nums; }

        .messages { table-layout: fixed; }
        .col-time { width: 160px; }
        .col-direction { width: 64px; }
        .col-sender { width: 120px; }
        .col-contact { width: 150px; }
        .col-state { width: 110px; }
        .messages td { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        .direction { font-size: 12px; font-weight: 600; }
        .direction-in { color: var(--info); }
        .direction-out { color: var(--good); }
        .preview { color: #374151; }

        @media (max-width: 900px) {
          .stats { grid-template-columns: repeat(2, 1fr); }
          .col-progress { width: auto; }
        }
        """
}
