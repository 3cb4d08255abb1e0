/**
 * A self-contained HTML page of the lineage: an inline SVG laid out left to right (topics,
 * bronze, silver, gold, checks, dashboards), no external scripts, styles or fonts. Clicking a
 * node shows its description, columns and — with `--columns` — where each column comes from.
 */
import type { LineageDocument } from "./json.js";
import { layoutLineage, type Box } from "./layout.js";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const FILL: Record<string, string> = {
  topic: "#fde2c8",
  files: "#fdf0c8",
  source: "#ece4d4",
  table: "#dbe9f7",
  incremental: "#cfe1f5",
  view: "#e4f2e4",
  operations: "#eeeeee",
  assertion: "#fbe3e3",
  test: "#fbe3e3",
  dashboard: "#efe3fb",
  seed: "#f3f0c8",
};

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function nodeSvg(b: Box): string {
  const n = b.node;
  const kind = n.kind === "incremental" ? "incremental ⟳" : n.kind;
  return `<g class="node" data-id="${esc(n.id)}" tabindex="0"><title>${esc(n.id)}</title><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="6" fill="${FILL[n.kind] ?? "#fff"}"/><text x="${b.x + 10}" y="${b.y + (b.h > 30 ? 17 : 18)}" class="label">${esc(truncate(n.label, 34))}</text>${b.h > 30 ? `<text x="${b.x + 10}" y="${b.y + 32}" class="kind">${esc(kind)}</text>` : ""}</g>`;
}

function edgeSvg(from: Box, to: Box, kind: string): string {
  const sameColumn = from.x === to.x;
  const x1 = sameColumn ? from.x + from.w - 12 : from.x + from.w;
  const y1 = sameColumn ? from.y + from.h : from.y + from.h / 2;
  const x2 = sameColumn ? to.x + to.w - 12 : to.x;
  const y2 = to.y + to.h / 2;
  const d = sameColumn ? `M${x1},${y1} C${x1 + 40},${y1} ${x2 + 40},${y2} ${x2 + 12},${y2}` : `M${x1},${y1} C${x1 + 45},${y1} ${x2 - 45},${y2} ${x2},${y2}`;
  return `<path class="edge ${kind}" data-from="${esc(from.node.id)}" data-to="${esc(to.node.id)}" d="${d}"/>`;
}

const STYLE = `
body{margin:0;font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;background:#fafafa}
header{padding:12px 20px;border-bottom:1px solid #ddd;background:#fff}
h1{font-size:16px;margin:0}
header p{margin:4px 0 0;color:#666}
main{display:flex;align-items:flex-start}
#graph{flex:1;overflow:auto;padding:8px}
aside{width:380px;max-height:calc(100vh - 70px);overflow:auto;border-left:1px solid #ddd;background:#fff;padding:12px 16px;box-sizing:border-box}
aside h2{font-size:14px;margin:0 0 6px;word-break:break-all}
aside table{border-collapse:collapse;width:100%;font-size:12px}
aside td,aside th{border-bottom:1px solid #eee;padding:3px 4px;text-align:left;vertical-align:top}
.node rect{stroke:#7a8ca3;stroke-width:1}
.node{cursor:pointer}
.node:hover rect,.node.selected rect{stroke:#1a4d8f;stroke-width:2.5}
.label{font-size:12px;font-weight:600;fill:#1d2733}
.kind{font-size:10px;fill:#5b6b7d}
.colhead{font-size:11px;font-weight:700;fill:#6b7785;text-transform:uppercase;letter-spacing:.06em}
.edge{fill:none;stroke:#8795a7;stroke-width:1.4}
.edge.ingests{stroke:#c76b1a;stroke-width:2.2}
.edge.dead-letters{stroke:#c76b1a;stroke-dasharray:5 4}
.edge.checks{stroke:#b03a3a;stroke-dasharray:2 3}
.edge.reads{stroke:#6b3ab0}
.edge.hi{stroke:#1a4d8f;stroke-width:2.6}
.dim{opacity:.25}
code{font-size:11px;background:#f3f3f3;padding:0 3px;border-radius:3px}
aside code{word-break:break-all}
aside td:first-child{width:38%}
`;

const SCRIPT = `
(function(){
  var data = JSON.parse(document.getElementById('lineage-data').textContent);
  var nodes = {}; data.nodes.forEach(function(n){ nodes[n.id] = n; });
  var aside = document.getElementById('details');
  function esc(s){ return String(s).replace(/[&<>"]/g, function(c){ return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]; }); }
  function related(id){
    var keep = {}; keep[id] = true;
    [['from','to'],['to','from']].forEach(function(dir){
      var stack = [id];
      while (stack.length) { var cur = stack.pop();
        data.edges.forEach(function(e){ if (e[dir[0]] === cur && !keep[e[dir[1]]]) { keep[e[dir[1]]] = true; stack.push(e[dir[1]]); } });
      }
    });
    return keep;
  }
  function show(id){
    var n = nodes[id]; if (!n) return;
    var keep = related(id);
    document.querySelectorAll('.node').forEach(function(g){
      var nid = g.getAttribute('data-id');
      g.classList.toggle('dim', !keep[nid]); g.classList.toggle('selected', nid === id);
    });
    document.querySelectorAll('.edge').forEach(function(p){
      var on = keep[p.getAttribute('data-from')] && keep[p.getAttribute('data-to')];
      p.classList.toggle('dim', !on); p.classList.toggle('hi', !!on);
    });
    var html = '<h2>' + esc(n.label) + '</h2><p><code>' + esc(n.kind) + '</code> · ' + esc(n.layer) + (n.file ? ' · <code>' + esc(n.file) + '</code>' : '') + '</p>';
    if (n.description) html += '<p>' + esc(n.description) + '</p>';
    var cl = data.columns && data.columns[n.action || n.id];
    var cols = n.columns || [];
    if (cl) { Object.keys(cl.columns).forEach(function(c){ if (!cols.some(function(x){ return x.name === c; })) cols = cols.concat([{ name: c }]); }); }
    if (cols.length) {
      html += '<table><tr><th>column</th><th>' + (cl ? 'comes from' : 'description') + '</th></tr>';
      cols.forEach(function(c){
        var from = '';
        if (cl && cl.columns[c.name]) {
          var e = cl.columns[c.name];
          from = e.sources.map(function(s){ return '<code>' + esc(s.table.split('.').slice(1).join('.') + '.' + s.column) + '</code>' + (s.aggregated ? ' (agg)' : ''); }).join('<br>') || '<i>' + (e.inputs.length ? 'computed upstream, no source column' : 'constant or computed here') + '</i>';
        }
        html += '<tr><td><code>' + esc(c.name) + '</code>' + (c.type ? '<br><small>' + esc(c.type) + '</small>' : '') + '</td><td>' + (from || esc(c.description || '')) + '</td></tr>';
      });
      html += '</table>';
      if (cl && cl.dataset.length) html += '<p><b>Filters, joins, grouping:</b> ' + cl.dataset.map(function(d){ return '<code>' + esc(d.column) + '</code> ' + esc(d.subtype.toLowerCase()); }).join(', ') + '</p>';
    }
    aside.innerHTML = html;
  }
  document.querySelectorAll('.node').forEach(function(g){
    g.addEventListener('click', function(){ show(g.getAttribute('data-id')); });
    g.addEventListener('keydown', function(ev){ if (ev.key === 'Enter') show(g.getAttribute('data-id')); });
  });
})();
`;

export function toHtml(doc: LineageDocument): string {
  const layout = layoutLineage(doc);
  const edges = doc.edges
    .map((e) => {
      const a = layout.boxes.get(e.from);
      const b = layout.boxes.get(e.to);
      return a && b ? edgeSvg(a, b, e.kind) : "";
    })
    .join("\n");
  const heads = layout.columns.map((c) => `<text class="colhead" x="${c.x}" y="28">${esc(c.layers.join(" · "))}</text>`).join("");
  const nodes = [...layout.boxes.values()].map(nodeSvg).join("\n");
  const title = `Lineage · ${doc.project}`;
  const counts = `${doc.nodes.length} nodes, ${doc.edges.length} edges${doc.columns ? `, column lineage for ${Object.keys(doc.columns).length} models` : ""}`;
  // `</` inside the JSON would close the script element early.
  const data = JSON.stringify(doc).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><header><h1>${esc(title)}</h1><p>${esc(counts)} — generated by <code>lakeform lineage --format html</code>. Click a node for its columns and lineage.</p></header>
<main><div id="graph"><svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" role="img" aria-label="${esc(title)}">
${heads}
<g class="edges">${edges}</g>
<g class="nodes">${nodes}</g>
</svg></div><aside id="details"><p>Select a table, topic, check or dashboard.</p></aside></main>
<script type="application/json" id="lineage-data">${data}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}
