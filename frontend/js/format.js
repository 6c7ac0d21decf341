// Number formatting for labels: short, exact enough, never "NaN", with the
// decimal comma where the page's language has one. The language is the page's
// <html lang>, which i18n sets before anything is drawn (one source of truth).

const MINUS = '\u2212';

// The page's languages, as Intl.NumberFormat has them: building a NumberFormat
// costs ~0.1 ms, and every number on screen is formatted after each scene.
const KNOWN_SEPARATORS = Object.freeze({
  en: Object.freeze({ decimal: '.', group: ',' }),
  de: Object.freeze({ decimal: ',', group: '.' }),
});

/** The decimal and thousands separators of the page's language (Intl.NumberFormat). */
export function separators(lang = pageLanguage()) {
  if (Object.hasOwn(KNOWN_SEPARATORS, lang)) return KNOWN_SEPARATORS[lang];
  const parts = new Intl.NumberFormat(lang).formatToParts(12345.6);
  const part = (type, fallback) => (parts.find((p) => p.type === type) || { value: fallback }).value;
  return { decimal: part('decimal', '.'), group: part('group', ',') };
}

/** Plotly's layout.separators for the page's language: decimal mark, then thousands. */
export function plotSeparators(lang = pageLanguage()) {
  const { decimal, group } = separators(lang);
  return `${decimal}${group}`;
}

function pageLanguage() {
  return (typeof document !== 'undefined' && document.documentElement.lang) || 'en';
}

/** 3 significant digits; exponent form for very small or large magnitudes. */
export function fmt(value, digits = 3) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  let text;
  if (magnitude < 1e-3 || magnitude >= 1e5) {
    const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
    text = `${trimZeros(mantissa)}e${Number(exponent)}`;
  } else {
    text = trimZeros(value.toPrecision(digits));
    if (text.includes('e')) text = String(Number(text));
  }
  const { decimal } = separators();
  return text.replace(/^-/, MINUS).replace(/e-/, `e${MINUS}`).replace('.', decimal);
}

function trimZeros(text) {
  return text.includes('.') && !text.includes('e') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * A value as typed into a number input: round-trippable, ASCII minus, and
 * short: exponent form below 1e-3 ("8.83e-5", not "0.0000883", which an
 * 84-pixel box cut to "0.0000") and from 1e6 up.
 */
export function plain(value) {
  if (!Number.isFinite(value)) return '';
  const rounded = Number(value.toPrecision(6));
  const magnitude = Math.abs(rounded);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6)) {
    return rounded.toExponential().replace('e+', 'e');
  }
  return String(rounded);
}

/** Round to `digits` significant digits (slider positions -> tidy values). */
export function roundSignificant(value, digits = 3) {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}

/** Round to the decimals of `step` (linear sliders). */
export function roundToStep(value, step) {
  const decimals = Math.max(0, Math.ceil(-Math.log10(step)));
  return Number(value.toFixed(Math.min(decimals, 12)));
}
