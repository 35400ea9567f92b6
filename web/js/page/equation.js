// A demo's key equation: authored markup (never user data) shown as typeset, and
// read to screen readers as words. Each .math span gets role="math" and an
// aria-label that spells out its layout: "W sub 2 transpose", "(da) over (dt)".

/** The words for a piece of authored math markup. */
export function mathWords(node) {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  const inner = () => [...node.childNodes].map(mathWords).join('');
  if (node.classList?.contains('frac')) {
    const [num, den] = node.children;
    return ` (${mathWords(num).trim()}) over (${mathWords(den).trim()}) `;
  }
  if (node.tagName === 'SUB') return ` sub ${inner().trim()} `;
  if (node.tagName === 'SUP') {
    const t = inner().trim();
    return t === 'T' ? ' transpose ' : t === '2' ? ' squared ' : ` superscript ${t} `;
  }
  return inner();
}

/** Shows `html` in `box` and labels every .math inside it for screen readers. */
export function showEquation(box, html) {
  box.innerHTML = html;
  for (const m of box.querySelectorAll('.math')) {
    m.setAttribute('role', 'math');
    m.setAttribute('aria-label', mathWords(m).replace(/\s+/g, ' ').trim());
  }
}
