// @ts-check
'use strict';
// A stack's Terraform outputs, for the commands that act on what a stack made: from a file
// written by `terraform output -json`, or by running it in the stack's folder.
// Dependency-free, like the scripts beside it.
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { Failure, parseJson } = require('./http.cjs');

/**
 * The stack's outputs: from a file, or from `terraform output -json` in the stack folder.
 * @param {{ environment?: string, outputs?: string, stackDir?: string }} options
 * @returns {[unknown, string]}
 */
function readOutputs(options) {
  if (options.outputs !== undefined) {
    let text;
    try {
      text = readFileSync(options.outputs, 'utf8');
    } catch (error) {
      throw new Failure(`cannot read ${options.outputs}: ${/** @type {Error} */ (error).message}`);
    }
    const parsed = parseJson(text);
    if (typeof parsed !== 'object') throw new Failure(`${options.outputs} is not JSON (write it with: terraform output -json > ${options.outputs})`);
    return [parsed, options.outputs];
  }
  const stackDir = options.stackDir ?? path.join('cdktf.out', 'stacks', /** @type {string} */ (options.environment));
  let text;
  try {
    text = execFileSync('terraform', ['output', '-json'], { cwd: stackDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const err = /** @type {{ code?: string, stderr?: string, message: string }} */ (error);
    const reason = err.code === 'ENOENT' ? 'terraform or the stack folder was not found' : (err.stderr || err.message).trim();
    throw new Failure(`cannot read the outputs of ${stackDir} (${reason}); synthesize and deploy the stack first, or pass --outputs FILE written by terraform output -json`);
  }
  return [parseJson(text), `the outputs of ${stackDir}`];
}

module.exports = { readOutputs };
