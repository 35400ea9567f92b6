// Exports of what a chart shows: PNG of the canvas, and its series as CSV or
// JSON with the demo, its parameters, the engine version and the fingerprint.
import { cssVar } from '../charts/theme.js';

export function download(filename, blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

const visible = (series) => series.filter((s) => !String(s.label).startsWith('_') || s.export);

/** Long-format CSV: one row per point, `series,x,y`, after '#' lines naming the state. */
export function toCSV(meta, series) {
  const lines = [
    `# depthlab ${meta.version}; demo ${meta.demo}; fingerprint ${meta.fingerprint}`,
    `# parameters: ${Object.entries(meta.params).map(([k, v]) => `${k}=${v}`).join(' ')}`,
    `# link: ${meta.url}`,
    'series,x,y',
  ];
  for (const s of visible(series)) {
    const label = `"${String(s.label).replaceAll('"', '""')}"`;
    for (let i = 0; i < s.x.length; i++) lines.push(`${label},${s.x[i]},${s.y[i]}`);
  }
  return lines.join('\n') + '\n';
}

export function toJSON(meta, series) {
  return JSON.stringify({
    ...meta,
    series: visible(series).map((s) => ({ label: s.label, x: Array.from(s.x), y: Array.from(s.y) })),
  }, null, 1);
}

/** What a download says about its origin: demo, parameters, link, engine version, fingerprint. */
function meta(mounted) {
  const { demo, values } = mounted;
  return { version: document.querySelector('#engine-info').dataset.version ?? '', demo: demo.id, params: { ...values },
    url: location.href, fingerprint: mounted.fingerprint };
}

/** Downloads chart `id` of the mounted demo as 'png', 'csv' or 'json'. */
export function exportChart(mounted, id, kind) {
  const name = `depthlab-${mounted.demo.id}-${id}`;
  if (kind === 'png') {
    // Compose on the theme's surface colour so the PNG reads outside the page.
    const src = document.querySelector(`figure[data-chart="${id}"] canvas`);
    const out = Object.assign(document.createElement('canvas'), { width: src.width, height: src.height });
    const ctx = out.getContext('2d');
    ctx.fillStyle = cssVar('--surface', '#fff');
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(src, 0, 0);
    out.toBlob((b) => download(`${name}.png`, b), 'image/png');
  } else if (kind === 'csv') {
    download(`${name}.csv`, new Blob([toCSV(meta(mounted), mounted.drawn[id] ?? [])], { type: 'text/csv' }));
  } else {
    download(`${name}.json`, new Blob([toJSON(meta(mounted), mounted.drawn[id] ?? [])], { type: 'application/json' }));
  }
}
