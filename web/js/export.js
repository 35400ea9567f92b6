// Exports of what a chart shows: PNG of the canvas, and its series as CSV or
// JSON with the demo, its parameters, the engine version and the fingerprint.

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
