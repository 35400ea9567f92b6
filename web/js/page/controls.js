// Builds a demo's controls from its parameter table: a labelled slider and a
// number box per parameter, kept in step. Log-scale parameters slide over
// log10 of the value; the slider tells screen readers the value itself
// (aria-valuetext), not its logarithm. A box holding something that is not a
// valid value says why and is marked aria-invalid. Only textContent and
// attributes are set: no user data ever becomes HTML.
import { coerce } from '../demos/state.js';
import { fmt } from '../format.js';
import { el } from './dom.js';


const SLIDER_STEPS = 1000;

/**
 * Reads what was typed in a number box, allowing a decimal comma: "1,5" is 1.5.
 * A comma that may be a thousands separator ("1,000", "12,500,000") is refused
 * with a sentence instead of guessed. Returns { text } for coerce, or { error }.
 */
export function decimalText(raw) {
  const text = String(raw).trim();
  if (!text.includes(',')) return { text };
  if (/^[-+]?\d{1,3}(,\d{3})+$/.test(text)) {
    const whole = text.replaceAll(',', '');
    if (text.indexOf(',') !== text.lastIndexOf(',')) return { error: `type numbers without thousands separators (${whole}).` };
    return { error: `“${text}” could mean ${whole} or ${text.replace(',', '.')}: type it without the comma, or with a point.` };
  }
  if (/^[-+]?\d*,\d+([eE][-+]?\d+)?$/.test(text)) return { text: text.replace(',', '.') };
  return { error: `“${text}” is not a number (decimals: 1.5 or 1,5).` };
}

/** Renders controls into `form`; calls onChange(key, value) with validated values. Returns set(values). */
export function buildControls(form, params, values, onChange) {
  form.replaceChildren();
  const setters = {};
  const rows = [];             // [param, row]: rows of parameters with a showIf rule
  let current = { ...values };
  // A parameter that matters only for some settings (p.showIf(values) false) is hidden,
  // but keeps its value and its place in the URL.
  const refresh = () => { for (const [p, row] of rows) row.hidden = !p.showIf(current); };
  const changed = (key, v) => { current[key] = v; refresh(); onChange(key, v); };
  for (const p of params) {
    const id = `ctl-${p.key}`;
    if (p.type === 'choice') {
      const select = el('select', { id }, ...p.options.map((o) => el('option', { value: o }, o)));
      const row = el('div', { class: 'control' }, el('label', { for: id }, p.label), select);
      form.append(row);
      if (p.showIf) rows.push([p, row]);
      setters[p.key] = (v) => { select.value = v; };
      setters[p.key](values[p.key]);
      select.addEventListener('change', () => changed(p.key, select.value));
      continue;
    }
    if (p.type === 'text') {
      // Free text (a pasted table): taken when the box loses focus or on Ctrl+Enter.
      const area = el('textarea', { id, rows: String(p.rows ?? 6), spellcheck: 'false', placeholder: p.placeholder ?? '',
        'aria-describedby': `${id}-range` });
      const rangeText = p.hint ?? `at most ${p.maxLength} characters`;
      const hint = el('small', { id: `${id}-range`, class: 'range' }, rangeText);
      const row = el('div', { class: 'control control-text' }, el('label', { for: id }, p.label), area, hint);
      form.append(row);
      if (p.showIf) rows.push([p, row]);
      const valid = (ok) => { row.classList.toggle('invalid', !ok); area.setAttribute('aria-invalid', String(!ok)); };
      setters[p.key] = (v) => { area.value = v; valid(true); hint.textContent = rangeText; };
      setters[p.key](values[p.key]);
      const take = () => {
        const { value, error } = coerce(p, area.value);
        if (error) { valid(false); hint.textContent = `${p.label} ${error}`; return; }
        if (value === current[p.key]) return;
        setters[p.key](value);
        changed(p.key, value);
      };
      area.addEventListener('change', take);
      area.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); take(); } });
      continue;
    }
    // A text box, not type=number: Chromium turns a typed "1,5" into 15 before the page sees it.
    const box = el('input', { id, type: 'text', inputmode: p.type === 'int' ? 'numeric' : 'decimal', spellcheck: 'false',
      'aria-describedby': `${id}-range` });
    const log = p.scale === 'log';
    const slider = el('input', { type: 'range', 'aria-label': p.label });
    if (log) {
      slider.min = Math.log10(p.min); slider.max = Math.log10(p.max);
      slider.step = (slider.max - slider.min) / SLIDER_STEPS;
    } else {
      slider.min = p.min; slider.max = p.max; slider.step = p.step ?? (p.type === 'int' ? 1 : (p.max - p.min) / SLIDER_STEPS);
    }
    const rangeText = `${fmt(p.min)} – ${fmt(p.max)}`;
    const hint = el('small', { id: `${id}-range`, class: 'range' }, rangeText);
    const row = el('div', { class: 'control' }, el('label', { for: id }, p.label), el('div', { class: 'inputs' }, slider, box), hint);
    form.append(row);
    if (p.showIf) rows.push([p, row]);

    const valid = (ok) => { row.classList.toggle('invalid', !ok); box.setAttribute('aria-invalid', String(!ok)); };
    const show = (v) => {
      box.value = String(v);
      slider.value = String(log ? Math.log10(v) : v);
      slider.setAttribute('aria-valuetext', fmt(v));
      valid(true);
      hint.textContent = rangeText;
    };
    setters[p.key] = show;
    show(values[p.key]);

    slider.addEventListener('input', () => {
      let v = log ? 10 ** Number(slider.value) : Number(slider.value);
      v = p.type === 'int' ? Math.round(v) : Number(v.toPrecision(log ? 3 : 6));
      v = Math.min(p.max, Math.max(p.min, v));
      box.value = String(v);
      slider.setAttribute('aria-valuetext', fmt(v));
      valid(true);
      hint.textContent = rangeText;
      changed(p.key, v);
    });
    box.addEventListener('change', () => {
      const typed = decimalText(box.value);
      const { value, error } = typed.error ? {} : coerce(p, typed.text);
      if (typed.error || error) {
        valid(false);
        hint.textContent = typed.error ? `${p.label}: ${typed.error}` : `${p.label} ${error}`;
        return;
      }
      show(value);
      changed(p.key, value);
    });
  }
  refresh();
  return (vals) => {
    current = { ...vals };
    for (const p of params) setters[p.key](vals[p.key]);
    refresh();
  };
}

/**
 * Each control's label explains its parameter: `helpOf(p)` is shown when the row is
 * hovered or has focus (Escape hides it), and screen readers read it as the
 * inputs' description.
 */
export function explainControls(form, params, helpOf) {
  for (const p of params) {
    const input = form.querySelector(`#ctl-${p.key}`), text = helpOf(p);
    if (!input || !text) continue;
    const row = input.closest('.control'), id = `ctl-${p.key}-help`;
    row.querySelector('label').after(el('span', { id, class: 'help', role: 'tooltip' }, text));
    for (const c of row.querySelectorAll('input, select, textarea')) {
      c.setAttribute('aria-describedby', [id, c.getAttribute('aria-describedby')].filter(Boolean).join(' '));
    }
    const quiet = (on) => row.classList.toggle('quiet', on);
    row.addEventListener('keydown', (e) => { if (e.key === 'Escape') quiet(true); });
    row.addEventListener('mouseleave', () => quiet(false));
    row.addEventListener('focusout', (e) => { if (!row.contains(e.relatedTarget)) quiet(false); });
  }
}
