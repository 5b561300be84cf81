/** `kubectl create configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1]` (create_configmap.go). */
import type { KubeObject } from '../../api/types';
import { configMapHash } from './hash';
import { objectMeta, sortedMap } from './meta';
import { parseLiteralSource, readEnvFile, readFileSource } from './sources';
import { GeneratorError, type GeneratorEnv } from './types';
import { isConfigMapKey } from '../../apimachinery/validation';

export interface ConfigMapOptions {
  name: string;
  fromFile: string[];
  fromLiteral: string[];
  fromEnvFile: string[];
  appendHash: boolean;
}

export function validateConfigMap(o: ConfigMapOptions): void {
  if (!o.name) throw new GeneratorError('name must be specified');
  if (o.fromEnvFile.length > 0 && (o.fromFile.length > 0 || o.fromLiteral.length > 0))
    throw new GeneratorError('from-env-file cannot be combined with from-file or from-literal');
}

/**
 * Text that is not valid UTF-8 goes to binaryData in kubectl. Breakfix's file system holds
 * strings, so a file is "binary" only if it holds unpaired surrogates (never produced by text
 * tools); everything else is data.
 */
function isBinary(s: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

export function generateConfigMap(o: ConfigMapOptions, env: GeneratorEnv): KubeObject {
  validateConfigMap(o);
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  const check = (key: string): void => {
    const errs = isConfigMapKey(key);
    if (errs.length > 0)
      throw new GeneratorError(
        `${JSON.stringify(key)} is not a valid key name for a ConfigMap: ${errs.join(',')}`,
      );
    if (key in data)
      throw new GeneratorError(
        `cannot add key ${JSON.stringify(key)}, another key by that name already exists in Data for ConfigMap ${JSON.stringify(o.name)}`,
      );
    if (key in binaryData)
      throw new GeneratorError(
        `cannot add key ${JSON.stringify(key)}, another key by that name already exists in BinaryData for ConfigMap ${JSON.stringify(o.name)}`,
      );
  };
  const addLiteral = (key: string, value: string): void => {
    check(key);
    data[key] = value;
  };
  // kubectl's order: files, then literals, then env files.
  for (const source of o.fromFile) {
    for (const { key, content } of readFileSource(env.fs, source)) {
      if (isBinary(content)) {
        check(key);
        binaryData[key] = content;
      } else addLiteral(key, content);
    }
  }
  for (const source of o.fromLiteral) {
    const [key, value] = parseLiteralSource(source);
    addLiteral(key, value);
  }
  for (const path of o.fromEnvFile)
    readEnvFile(env.fs, env.env, path, 'env config file cannot be a directory', addLiteral);

  let name = o.name;
  if (o.appendHash) name = `${name}-${configMapHash({ name, data, binaryData })}`;
  const cm: KubeObject = {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: objectMeta(name, env.enforcedNamespace),
  };
  if (Object.keys(data).length > 0) cm.data = sortedMap(data);
  if (Object.keys(binaryData).length > 0) cm.binaryData = sortedMap(binaryData);
  return cm;
}
