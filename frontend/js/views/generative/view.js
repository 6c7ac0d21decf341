// The Generative view as the shell registers it (docs/shell.md): its strings,
// its URL state, and mount(), which loads the catalogs and builds one of two
// modes: the GAN lab or the autoencoder (`mode=`), switched by tabs above the plots.

import { h } from '../../dom.js';
import { errorText } from '../../errors.js';
import { fitHyperparameters } from '../../networks/state.js';
import { loadCatalogs } from '../catalogs.js';
import { createAutoencoderLab } from './ae.js';
import { createGenerativeApi } from './api.js';
import { createGanLab } from './gan.js';
import { MODES, parse, serialize } from './state.js';
import { DE, EN } from './strings.js';

/** Link values the server would refuse fall back to what it offers. */
function fit(state, catalogs) {
  const gan = catalogs.gan;
  const names = [...gan.distributions.map((d) => d.name), gan.custom];
  if (!names.includes(state.data)) state.data = 'ring';
  if (!gan.losses.some((l) => l.name === state.loss)) state.loss = 'non_saturating';
  for (const key of ['gAct', 'dAct']) if (!gan.activations.some((a) => a.name === state[key])) state[key] = 'relu';
  const clip = (list, lo, hi, width) => list.slice(0, gan.limits.max_hidden_layers).map((w) => Math.min(hi, Math.max(lo, w || width)));
  state.gHidden = clip(state.gHidden, 1, gan.limits.max_width, 32);
  state.dHidden = clip(state.dHidden, 1, gan.limits.max_width, 32);
  state.points = state.points.slice(0, gan.limits.max_custom_points);
  for (const [idKey, hpKey] of [['gOpt', 'gHp'], ['dOpt', 'dHp'], ['aeOpt', 'aeHp']]) {
    if (!gan.optimizers.includes(state[idKey])) state[idKey] = 'adam';
    const spec = catalogs.optimizers.find((o) => o.id === state[idKey]);
    if (spec) state[hpKey] = fitHyperparameters(state[hpKey], spec).hp;
  }
}

export const generativeView = {
  id: 'generative',
  strings: { en: EN, de: DE },
  title: (t, state) => `${t('generative.title')} · ${t(state.mode === 'ae' ? 'generative.titleAe' : 'generative.titleGan')}`,
  parse,
  serialize,
  controls: ['play', 'scrubber', 'tabs', 'toggles'],
  defaultControls: ['play', 'scrubber'],
  async mount(ctx) {
    const { root, state, t } = ctx;
    const api = createGenerativeApi();
    const catalogs = await loadCatalogs(api, ctx);
    fit(state, catalogs);
    const body = h('div', { class: 'gen-body' });
    const tabs = h('div', { class: 'segmented gen-tabs', role: 'group' }, MODES.map((mode) => h('button', {
      type: 'button', class: 'seg-btn', 'aria-pressed': String(state.mode === mode),
      dataset: { mode }, onclick: () => switchTo(mode),
    }, t(`generative.tab.${mode}`))));
    root.classList.add('gen-root');
    root.append(tabs, body);
    const common = { ...ctx, root: body, api, catalogs, errorText: (frame) => errorText(frame, t) };
    let lab = null;
    const handle = {
      control: null,
      figures: () => lab.figures(),
      relayout: () => lab.relayout(),
      offline: true,
      code: true, // GET /api/code writes the GAN's or the autoencoder's training script
    };
    const subscribers = new Set();
    let unsubscribe = () => {};
    function build() {
      if (lab) { unsubscribe(); lab.destroy(); }
      body.replaceChildren();
      ctx.sidebar.replaceChildren();
      lab = state.mode === 'ae' ? createAutoencoderLab(common) : createGanLab(common);
      unsubscribe = lab.control.subscribe((snap) => { for (const fn of subscribers) fn(snap); });
      root.dataset.mode = state.mode;
    }
    function switchTo(mode) {
      if (mode === state.mode) return;
      state.mode = mode;
      for (const b of tabs.children) {
        b.setAttribute('aria-pressed', String(b.dataset.mode === mode));
      }
      ctx.changed();
      build();
    }
    // The shell holds on to `control`: delegate to whichever mode is shown.
    handle.control = {
      play: () => lab.control.play(),
      pause: () => lab.control.pause(),
      toggle: () => lab.control.toggle(),
      reset: () => lab.control.reset(),
      step: (k) => lab.control.step(k),
      set: (change) => (change.name === 'mode' ? switchTo(change.value) : lab.control.set(change)),
      snapshot: () => lab.control.snapshot(),
      subscribe: (fn) => { subscribers.add(fn); return () => subscribers.delete(fn); },
    };
    build();
    return handle;
  },
};
