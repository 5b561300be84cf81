/**
 * Every kubectl verb registers itself when its file is imported. One import line per verb file;
 * the order here is irrelevant (help and suggestions use kubectl's own order).
 */
import './get';
import './config';
import './info';
import './explain';
import '../describe/command';
import './create';
import './apply';
import './delete';
import './label';
import './patch';
import './replace';
import './wait';
import './diff';
import './edit';
import './scale';
import './rollout';
import './set';
import './autoscale-not-here';
import './port-forward';
import './taint';
import './cordon';
import './uncordon';
import './drain';
import './expose';
import './logs';
import './top';
import './exec';
import './run';
import './debug';
import './attach';
