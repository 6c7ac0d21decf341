// The embed page's learning-rate sliders (?controls=lr): one per run, through
// the same controller the deck bridge uses, so both stay in step. In an offline
// file, rates(i) gives run i's precomputed rates, and its slider steps over them.

import { createParamControl } from './controls.js';
import { fill, h } from './dom.js';
import { runColor } from './palette.js';
import { catalogText } from './runs.js';

export function createEmbedControls(el, { state, catalogs, control, t, rates = () => null }) {
  let controls = [];
  const render = () => {
    controls = state.runs.map((run, i) => {
      const spec = catalogs.optimizers.find((o) => o.id === run.optimizer);
      const lr = spec && spec.hyperparameters.find((p) => p.name === 'lr');
      if (!lr) return null;
      const positions = rates(i);
      const control_ = createParamControl(positions ? { ...lr, positions } : lr, run.hp.lr ?? lr.default, {
        label: `${run.label || catalogText(t, spec.name)}: η`,
        onInput: (value) => control.set({ run: i, name: 'lr', value }),
      });
      control_.el.style.setProperty('--run-color', runColor(i));
      return control_;
    });
    fill(el, controls.map((c) => c && c.el));
  };
  render();
  control.subscribe((event) => {
    if (event === 'reset') render();
    if (event === 'set') {
      state.runs.forEach((run, i) => controls[i] && run.hp.lr !== undefined && controls[i].set(run.hp.lr));
    }
  });
  return { render };
}
