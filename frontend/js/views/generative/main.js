// The Generative view's page: a view of the shell (docs/shell.md).
import { startView } from '../../shell/shell.js';
import { generativeView } from './view.js';

startView(generativeView);
