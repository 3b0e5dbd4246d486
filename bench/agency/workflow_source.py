"""The built-in `agency` workflow and its prompts, read from the text the binary ships
(Sources/SwitchyardRuntime/Workflow/BuiltinWorkflows.swift), so the LangGraph side renders the very same prompts.

`workflow_hash` recomputes the hash a Switchyard run records (`workflow_hash`: SHA-256 over the workflow text
and, for each prompt it uses in name order, NUL + the prompt text's SHA-256); the bench compares it with the
runs' hash, which proves both sides read byte-identical workflow and prompt texts.
"""
import hashlib
import os
import re

import yaml

SWIFT_FILE = os.path.join(
    os.path.dirname(__file__), "..", "..", "Sources", "SwitchyardRuntime", "Workflow", "BuiltinWorkflows.swift")
LITERAL = re.compile(r'static let (\w+) = """\n(.*?)\n([ ]*)"""', re.S)
PROMPT_NAMES = {"agencyClassify": "agency-classify", "agencyDraft": "agency-draft", "agencyCritic": "agency-critic"}


def _unescape(text):
    """Swift string-literal escapes (only these occur in the file): \\\\ and \\"."""
    return re.sub(r'\\(.)', lambda m: {"\\": "\\", '"': '"', "n": "\n", "t": "\t"}[m.group(1)], text)


def texts(path=SWIFT_FILE):
    """(workflow text, {prompt name: text}) exactly as the binary holds them."""
    source = open(path, encoding="utf-8").read()
    found = {}
    for name, body, indent in LITERAL.findall(source):
        lines = [line[len(indent):] if line.startswith(indent) else line.lstrip(" ") for line in body.split("\n")]
        found[name] = _unescape("\n".join(lines))
    return found["agency"], {PROMPT_NAMES[k]: v for k, v in found.items() if k in PROMPT_NAMES}


def workflow_hash(workflow_text, prompt_texts):
    sha = lambda s: hashlib.sha256(s.encode()).hexdigest()
    text = workflow_text + "".join("\0" + sha(prompt_texts[name]) for name in sorted(prompt_texts))
    return sha(text)


def load():
    """The parsed workflow, the parsed prompts and the hash."""
    workflow_text, prompt_texts = texts()
    return (yaml.safe_load(workflow_text), {k: yaml.safe_load(v) for k, v in prompt_texts.items()},
            workflow_hash(workflow_text, prompt_texts), workflow_text)


if __name__ == "__main__":
    wf, prompts, digest, text = load()
    print(text)
    for name in sorted(prompts):
        print("---", name, prompts[name])
    print("hash", digest)
