// Entry point of the Networks view: a view of the shell (docs/shell.md). It
// loads the catalogs, fits the link's hyperparameters to them, and mounts the
// view (networks/view.js).

import { fmt } from '../format.js';
import { hpLabel } from '../runs.js';
import { startView } from '../shell/shell.js';
import { loadCatalogs } from '../views/catalogs.js';
import { createNetworksApi } from './api.js';
import { fitHyperparameters, parse, serialize } from './state.js';
import { DE, EN } from './strings.js';
import { createNetworksView } from './view.js';

startView({
  id: 'networks',
  strings: { en: EN, de: DE },
  title: (t) => t('nw.title'),
  parse,
  serialize,
  controls: ['play', 'scrubber', 'status'],
  defaultControls: ['play', 'scrubber'],
  async mount(ctx) {
    const api = createNetworksApi();
    const catalogs = await loadCatalogs(api, ctx);
    const { state, t } = ctx;
    if (!catalogs.networks.datasets.some((d) => d.name === state.dataset)) state.dataset = 'moons';
    if (!catalogs.networks.activations.some((a) => a.name === state.activation)) state.activation = 'tanh';
    if (state.batchCompare) state.compare = false; // one comparison at a time, as state.js requestBodies
    const notes = [];
    for (const [key, hpKey] of [['optimizer', 'hp'], ['optimizer2', 'hp2']]) {
      if (!catalogs.networks.optimizers.includes(state[key])) state[key] = 'adam';
      const spec = catalogs.optimizers.find((o) => o.id === state[key]);
      if (!spec) continue;
      const { hp, clamped } = fitHyperparameters(state[hpKey], spec);
      state[hpKey] = hp;
      notes.push(...clamped.map((c) => t('nw.clamped', {
        name: hpLabel(t, spec.id, c.name), value: fmt(c.value), min: fmt(c.min), max: fmt(c.max), to: fmt(c.to),
      })));
    }
    return createNetworksView(ctx, { api, catalogs, notes });
  },
});
