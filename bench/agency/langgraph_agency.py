"""bench/agency's anchor: the agency workflow the way a Python team would write it today.

A LangGraph graph with the built-in workflow's nodes (classify → research → draft → compose → review, the critic
looping back to draft at most 2 times → approve, an `interrupt` resumed with approve → end), the same prompt texts
rendered with Mustache (pystache, no HTML escaping, as Switchyard renders them), the same token limits and JSON
Schemas, greedy decoding on the same GGUF through llama-cpp-python (JSON Schema → GBNF grammar via its
`response_format`, the constrained decoding it offers), retrieval over the same tenant documents with
sentence-transformers' all-MiniLM-L6-v2 plus BM25 (rank_bm25) fused by reciprocal rank (k = 60, as Switchyard's
hybrid search), and LangGraph's SqliteSaver checkpointer with its defaults.

Runs go concurrent on a thread pool, one thread per run (as a Python service serving requests would). There is one
llama-cpp-python model instance: a `Llama` is not thread-safe, so calls take a lock and run one at a time (what
llama-cpp-python's own server does with one model). The SentenceTransformer is shared too, behind its own lock
(the Rust tokenizer raises "Already borrowed" when two threads use it at once).

usage: langgraph_agency.py --spec tenants.json --model GGUF --embedder DIR --workdir DIR [--quick] [--threads 2]
Prints one JSON object: wall time, per-run seconds, calls with their token counts, deliverables and sources.
"""
import argparse
import json
import operator
import os
import re
import sqlite3
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, TypedDict

sys.path.insert(0, os.path.dirname(__file__))
import workflow_source  # noqa: E402

import numpy as np  # noqa: E402
import pystache  # noqa: E402
from langgraph.checkpoint.sqlite import SqliteSaver  # noqa: E402
from langgraph.graph import END, START, StateGraph  # noqa: E402
from langgraph.types import Command, interrupt  # noqa: E402
from rank_bm25 import BM25Okapi  # noqa: E402

WORKFLOW, PROMPTS, WORKFLOW_HASH, _ = workflow_source.load()
NODES = WORKFLOW["nodes"]
RENDERER = pystache.Renderer(escape=lambda text: text, missing_tags="ignore")
# Lucene's English stop words, as Switchyard's keyword analyzer drops them.
STOP = set("a an and are as at be but by for if in into is it no not of on or such that the their then there "
           "these they this to was will with".split())

LLM = None
LLM_LOCK = threading.Lock()
EMBEDDER = None
EMBED_LOCK = threading.Lock()
INDEXES = {}
CALLS = {}  # thread id → [{node, prompt_tokens, completion_tokens, seconds, waited}]
CALLS_LOCK = threading.Lock()


def render(template, variables):
    return RENDERER.render(template, variables)


def messages(prompt, variables):
    """The prompt's chat messages, built exactly as Switchyard's PromptTemplate.messages builds them."""
    system = []
    if prompt.get("role") is not None:
        system.append(render(prompt["role"], variables))
    if prompt.get("constraints") is not None:
        system.append("Constraints:\n" + render(prompt["constraints"], variables))
    if prompt.get("output_format") is not None:
        system.append("Output format:\n" + render(prompt["output_format"], variables))
    out = [{"role": "system", "content": "\n\n".join(system)}] if system else []
    for example in prompt.get("examples") or []:
        out.append({"role": "user", "content": render(example["input"], variables)})
        out.append({"role": "assistant", "content": render(example["output"], variables)})
    out.append({"role": "user", "content": render(prompt["context"], variables)})
    return out


def variables(state, extra=None):
    values = {k: v for k, v in state.items() if v is not None}
    values.setdefault("feedback", "")
    values.update(extra or {})
    return values


def ask(node_name, state, schema, extra=None):
    """One greedy, schema-constrained chat completion on the shared model; records its tokens."""
    node = NODES[node_name]
    msgs = messages(PROMPTS[node["prompt"]], variables(state, extra))
    asked = time.perf_counter()
    with LLM_LOCK:
        start = time.perf_counter()
        answer = LLM.create_chat_completion(
            messages=msgs, max_tokens=node.get("max_tokens", 256), temperature=0.0, repeat_penalty=1.0,
            response_format={"type": "json_object", "schema": schema})
        end = time.perf_counter()
    usage = answer["usage"]
    print(f"  langgraph {state['run_id']:14} {node_name:8} {usage['prompt_tokens']:4} prompt + "
          f"{usage['completion_tokens']:3} generated in {end - start:5.1f} s (waited {start - asked:5.1f} s)",
          file=sys.stderr, flush=True)
    with CALLS_LOCK:
        CALLS.setdefault(state["run_id"], []).append({
            "node": node_name, "prompt_tokens": usage["prompt_tokens"],
            "completion_tokens": usage["completion_tokens"], "seconds": end - start, "waited": start - asked})
    return answer["choices"][0]["message"]["content"] or ""


# ---- the knowledge base: heading-section chunks, MiniLM vectors, BM25, reciprocal rank fusion ----

def word_pieces(token):
    """Switchyard's WordPieceEstimate for one basic token (only to join short sections the same way)."""
    if not re.match(r"\w", token) or len(token) <= 1:
        return 1
    if not token.isascii():
        return len(token)
    return 1 if len(token) <= 6 else 1 + (len(token) - 6 + 3) // 4


def chunk_markdown(text, source):
    """One chunk per heading section (a section under 12 estimated tokens joins the next), stripped, with the
    heading path — the chunks Switchyard's chunker makes of these short documents."""
    headings = []
    offset = 0
    for line in text.split("\n"):
        m = re.match(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$", line)
        if m:
            headings.append((len(m.group(1)), m.group(2).strip(), offset))
        offset += len(line) + 1
    title = next((h[1] for h in headings if h[0] == 1), os.path.basename(source))
    starts = [(0, [])]
    stack = []
    for level, name, at in headings:
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, name))
        starts.append((at, [s[1] for s in stack]))
    sections = []
    for i, (at, path) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        if text[at:end].strip():
            sections.append((at, end, path))
    chunks, carry = [], None
    for i, (at, end, path) in enumerate(sections):
        begin = carry if carry is not None else at
        size = sum(word_pieces(t) for t in re.findall(r"\w+|[^\w\s]", text[begin:end]))
        if size < 12 and i + 1 < len(sections):
            carry = begin
            continue
        carry = None
        raw = text[begin:end]
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        prefix = " > ".join([title] + [h for h in path if h != title])
        chunks.append({"document": source, "source": source, "title": title, "chunk": len(chunks),
                       "start": begin + lead, "end": begin + lead + len(body), "text": body,
                       "indexed": prefix + "\n" + body})
    return chunks


def terms(text):
    return [w for w in re.findall(r"\w+", text.lower()) if w not in STOP]


def ingest(tenant, directory):
    chunks = []
    for name in sorted(os.listdir(directory)):
        if name.endswith(".md"):
            path = os.path.join(directory, name)
            chunks += chunk_markdown(open(path, encoding="utf-8").read(), path)
    vectors = EMBEDDER.encode([c["indexed"] for c in chunks], normalize_embeddings=True)
    INDEXES[tenant] = {"chunks": chunks, "vectors": np.asarray(vectors),
                       "bm25": BM25Okapi([terms(c["indexed"]) for c in chunks], k1=0.9, b=0.4)}


def search(tenant, query, k):
    index = INDEXES[tenant]
    query_terms = terms(query)
    keyword = index["bm25"].get_scores(query_terms)
    has_term = [i for i, c in enumerate(index["chunks"]) if set(query_terms) & set(terms(c["indexed"]))]
    keyword_rank = sorted(has_term, key=lambda i: (-keyword[i], i))
    with EMBED_LOCK:
        q = EMBEDDER.encode([query], normalize_embeddings=True)[0]
    similarity = index["vectors"] @ q
    vector_rank = sorted(range(len(index["chunks"])), key=lambda i: (-similarity[i], i))
    fused = {}
    for ranking in (keyword_rank, vector_rank):
        for rank, i in enumerate(ranking):
            fused[i] = fused.get(i, 0.0) + 1.0 / (60 + rank + 1)
    best = sorted(fused, key=lambda i: (-fused[i], i))[:k]
    hits = []
    for n, i in enumerate(best, start=1):
        c = index["chunks"][i]
        hits.append({"n": n, "document": c["document"], "source": c["source"], "title": c["title"],
                     "chunk": c["chunk"], "start": c["start"], "end": c["end"], "text": c["text"],
                     "score": fused[i]})
    return hits


# ---- the graph ----

class AgencyState(TypedDict, total=False):
    request: str
    tenant: str
    run_id: str
    category: str
    sources: list
    draft: dict
    deliverable: str
    feedback: str
    reviews: Annotated[list, operator.add]
    revisions: int
    escalated: bool
    decision: str


def label_in(text, labels):
    try:
        value = json.loads(text)
        if isinstance(value, str) and value in labels:
            return value
    except ValueError:
        pass
    lower = text.lower()
    hits = [(lower.find(label.lower()), label) for label in labels if label.lower() in lower]
    return min(hits)[1] if hits else None


def classify(state):
    node = NODES["classify"]
    labels = node["labels"]
    answer = ask("classify", state, {"type": "string", "enum": labels})
    label = label_in(answer, labels)
    if label is None:
        raise ValueError(f"classify: the answer {answer!r} is none of {labels}")
    return {node["output"]: label}


def research(state):
    node = NODES["research"]
    return {node["output"]: search(state["tenant"], render(node["query"], variables(state)), node["k"])}


def validate_draft(value, schema):
    """The checks Switchyard's JSON Schema validation makes on the draft (the grammar already enforces them)."""
    props = schema["properties"]
    assert isinstance(value, dict) and set(value) == {"title", "points"}, value
    assert props["title"]["minLength"] <= len(value["title"]) <= props["title"]["maxLength"], value
    items = props["points"]
    assert items["minItems"] <= len(value["points"]) <= items["maxItems"], value


def draft(state):
    node = NODES["draft"]
    answer = ask("draft", state, node["schema"])
    value = json.loads(answer)  # a run fails here, as Switchyard's does, when the answer is not JSON
    validate_draft(value, node["schema"])
    return {node["output"]: value}


def compose(state):
    return {key: render(template, variables(state)) for key, template in NODES["compose"]["set"].items()}


REVIEW_SCHEMA = {
    "type": "object", "required": ["pass", "issues", "feedback"], "additionalProperties": False,
    "properties": {
        "pass": {"type": "boolean"},
        "issues": {"type": "array", "items": {"type": "string", "maxLength": 160}, "maxItems": 3},
        "feedback": {"type": "string", "maxLength": 300},
    },
}


def grounding(text, source_count):
    citations = []
    for inside in re.findall(r"\[([^\]]*)\]", text):
        for part in inside.split(","):
            part = part.strip()
            if re.fullmatch(r"[+-]?\d+", part):
                citations.append(int(part))
    issues = []
    if source_count > 0 and not citations:
        issues.append("the draft cites no source; cite the retrieved sources as [n]")
    for n in sorted(set(citations)):
        if n < 1 or n > source_count:
            issues.append(f"citation [{n}] has no retrieved source (none were retrieved)" if source_count == 0
                          else f"citation [{n}] is not among the retrieved sources [1]–[{source_count}]")
    return citations, issues


def review(state):
    node = NODES["review"]
    text = state.get(node["draft"]) or ""
    sources = state.get(node["sources"]) or []
    revisions = state.get("revisions", 0)
    citations, issues = grounding(text, len(sources))
    answer = ask("review", state, REVIEW_SCHEMA, {
        "draft_text": text, "rubric": node["rubric"],
        "grounding": "all citations found" if not issues else "; ".join(issues)})
    model_pass, feedback, issues = True, "", list(issues)
    grounding_issues = list(issues)
    try:
        parsed = json.loads(answer)
        model_pass = parsed.get("pass", True) if isinstance(parsed.get("pass", True), bool) else True
        issues += [i for i in parsed.get("issues") or [] if isinstance(i, str)]
        feedback = parsed.get("feedback") or ""
    except (ValueError, AttributeError):
        issues.append("the reviewer's answer was not readable; judged on grounding alone")
    passed = not grounding_issues and model_pass
    if grounding_issues:
        feedback = " ".join(s for s in ["Fix the citations: " + "; ".join(grounding_issues), feedback] if s)
    record = {"node": "review", "revision": revisions, "pass": passed, "model_pass": model_pass, "issues": issues,
              "feedback": feedback, "citations": citations, "grounded": not grounding_issues}
    update = {"feedback": "" if passed else feedback, node["output"]: [record]}
    if passed:
        return Command(goto=node["next"], update=update)
    if revisions < node["max_revisions"]:
        update["revisions"] = revisions + 1
        return Command(goto=node["revise"], update=update)
    update["escalated"] = True
    return Command(goto=node["on_exhausted"], update=update)


def approve(state):
    node = NODES["approve"]
    decision = interrupt({"title": node["title"], "deliverable": state.get(node["deliverable"]),
                          **{key: state.get(key) for key in node["show"]}})
    kind = decision.get("decision") if isinstance(decision, dict) else decision
    if kind == "reject":
        return Command(goto=node["on_reject"], update={"feedback": decision.get("comment", ""), "decision": kind})
    if kind == "edit":
        return Command(goto=END, update={node["deliverable"]: decision.get("text", ""), "decision": kind})
    return Command(goto=END, update={"decision": "approve"})


def build(checkpointer):
    graph = StateGraph(AgencyState)
    for name, fn in [("classify", classify), ("research", research), ("draft", draft), ("compose", compose),
                     ("review", review), ("approve", approve)]:
        graph.add_node(name, fn)
    graph.add_edge(START, "classify")
    graph.add_edge("classify", "research")
    graph.add_edge("research", "draft")
    graph.add_edge("draft", "compose")
    graph.add_edge("compose", "review")
    return graph.compile(checkpointer=checkpointer)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--spec", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--embedder", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--root", default=".")
    args = parser.parse_args()

    import torch
    from llama_cpp import Llama
    from sentence_transformers import SentenceTransformer

    global LLM, EMBEDDER
    torch.set_num_threads(args.threads)
    t = time.perf_counter()
    LLM = Llama(model_path=args.model, n_ctx=2048, n_batch=512, n_threads=args.threads,
                n_threads_batch=args.threads, seed=0, verbose=False)
    EMBEDDER = SentenceTransformer(args.embedder, device="cpu")
    load_seconds = time.perf_counter() - t

    spec = json.load(open(args.spec))["tenants"]
    jobs = []
    for tenant in spec[:2] if args.quick else spec:
        ingest(tenant["name"], os.path.join(args.root, tenant["docs"]))
        for i, request in enumerate(tenant["requests"][:1] if args.quick else tenant["requests"]):
            jobs.append((tenant["name"], request, f"{tenant['name']}-{i + 1}"))
    # Warm-up outside the clock, as on Switchyard's side: one short call to each model.
    LLM.create_chat_completion(messages=[{"role": "user", "content": "Hi"}], max_tokens=1, temperature=0.0)
    EMBEDDER.encode(["warm up"])

    os.makedirs(args.workdir, exist_ok=True)
    connection = sqlite3.connect(os.path.join(args.workdir, "langgraph.sqlite"), check_same_thread=False)
    graph = build(SqliteSaver(connection))

    def one(job):
        tenant, request, thread = job
        config = {"configurable": {"thread_id": thread}}
        start = time.perf_counter()
        approvals = 0
        error = None
        try:
            graph.invoke({"request": request, "tenant": tenant, "run_id": thread, "feedback": "", "revisions": 0},
                         config)
            while graph.get_state(config).next:  # stopped at the approval interrupt: the approver says approve
                approvals += 1
                graph.invoke(Command(resume={"decision": "approve"}), config)
        except Exception as e:  # a failed run is reported, as Switchyard's failed runs are
            error = f"{type(e).__name__}: {e}"
        seconds = time.perf_counter() - start
        values = graph.get_state(config).values
        return {"tenant": tenant, "request": request, "thread": thread, "seconds": seconds,
                "status": "failed" if error else ("succeeded" if values.get("decision") else "unfinished"),
                "error": error, "approvals": approvals, "category": values.get("category"),
                "revisions": values.get("revisions", 0), "escalated": bool(values.get("escalated")),
                "deliverable": values.get("deliverable"), "draft": values.get("draft"),
                "sources": [{"n": s["n"], "source": s["source"], "start": s["start"], "end": s["end"]}
                            for s in values.get("sources") or []],
                "reviews": values.get("reviews") or [], "calls": CALLS.get(thread, [])}

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        runs = list(pool.map(one, jobs))
    wall = time.perf_counter() - started
    json.dump({"side": "langgraph", "wall_seconds": wall, "load_seconds": load_seconds, "runs": runs,
               "workflow_hash": WORKFLOW_HASH, "threads": args.threads, "llm_instances": 1,
               "versions": versions()}, sys.stdout)
    print()


def versions():
    from importlib.metadata import version
    return {p: version(p) for p in ["langgraph", "langgraph-checkpoint-sqlite", "llama_cpp_python",
                                    "sentence-transformers", "torch", "rank-bm25", "pystache"]}


if __name__ == "__main__":
    main()
