/**
 * Every kubectl verb registers itself when its file is imported. One import line per verb file;
 * the order here is irrelevant (help and suggestions use kubectl's own order).
 */
import './get';
import './config';
import './info';
import './explain';
import '../describe/command';
import './autoscale-not-here';
import './port-forward';
import './drain';
import './expose';
import './logs';
import './top';
import './exec';
import './run';
import './debug';
import './attach';
// Recorded-help commands whose implementations load on first use (./lazy.ts).
import './stubs';
