#!/usr/bin/env python3
"""The official `openai` package against `switchyard serve` on the local models: plain, streaming, a forced tool
call, a JSON-schema answer, embeddings, and a bad key. Usage: openai_client.py BASE_URL KEY. Exits non-zero on the
first mismatch."""
import json
import sys

import openai

base, key = sys.argv[1], sys.argv[2]
client = openai.OpenAI(base_url=base + "/v1", api_key=key, max_retries=0, timeout=300)
checks = []


def check(name, condition, detail=""):
    checks.append(name)
    if not condition:
        print(f"FAIL {name}: {detail}")
        sys.exit(1)
    print(f"ok   {name}")


models = [m.id for m in client.models.list().data]
check("models.list names the local chat and embedding models", "smollm2" in models and "minilm" in models, models)

plain = client.chat.completions.create(
    model="smollm2", messages=[{"role": "user", "content": "Say hello in three words."}], max_tokens=12,
    temperature=0)
check("a plain completion answers with text and usage",
      bool(plain.choices[0].message.content) and plain.usage.completion_tokens > 0, plain)

pieces = []
stream = client.chat.completions.create(
    model="smollm2", messages=[{"role": "user", "content": "Count from one to five."}], max_tokens=16,
    temperature=0, stream=True, stream_options={"include_usage": True})
usage = None
for chunk in stream:
    if chunk.choices and chunk.choices[0].delta.content:
        pieces.append(chunk.choices[0].delta.content)
    if chunk.usage:
        usage = chunk.usage
check("a streamed completion arrives in pieces, usage last", len(pieces) > 1 and usage is not None, (pieces, usage))

weather = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The weather in a city",
        "parameters": {
            "type": "object", "required": ["city"], "additionalProperties": False,
            "properties": {"city": {"type": "string", "maxLength": 40}},
        },
    },
}
forced = client.chat.completions.create(
    model="smollm2", messages=[{"role": "user", "content": "What is the weather in Lisbon?"}], tools=[weather],
    tool_choice={"type": "function", "function": {"name": "get_weather"}}, max_tokens=48, temperature=0)
calls = forced.choices[0].message.tool_calls or []
arguments = json.loads(calls[0].function.arguments) if calls else {}
check("a forced tool call names the tool with arguments that fit its schema",
      len(calls) == 1 and calls[0].function.name == "get_weather" and isinstance(arguments.get("city"), str)
      and set(arguments) == {"city"}, forced)

schema = {
    "type": "object", "required": ["name", "stars"], "additionalProperties": False,
    "properties": {"name": {"type": "string", "maxLength": 30}, "stars": {"type": "integer", "minimum": 1,
                                                                           "maximum": 5}},
}
structured = client.chat.completions.create(
    model="smollm2", messages=[{"role": "user", "content": "Review a hotel: give its name and stars."}],
    response_format={"type": "json_schema", "json_schema": {"name": "review", "schema": schema, "strict": True}},
    max_tokens=48, temperature=0)
answer = json.loads(structured.choices[0].message.content)
check("a json_schema answer parses and fits the schema",
      set(answer) == {"name", "stars"} and isinstance(answer["name"], str) and 1 <= answer["stars"] <= 5, answer)

vectors = client.embeddings.create(model="minilm", input=["a red bicycle", "a blue car"]).data
check("embeddings: one 384-dimension vector per input",
      len(vectors) == 2 and all(len(v.embedding) == 384 for v in vectors), [len(v.embedding) for v in vectors])

try:
    openai.OpenAI(base_url=base + "/v1", api_key="sy_0000000000000000_" + "A" * 43, max_retries=0).models.list()
    check("an unknown key is refused", False, "it was accepted")
except openai.AuthenticationError as error:
    check("an unknown key is refused with 401 invalid_api_key", error.body.get("code") == "invalid_api_key"
          if isinstance(error.body, dict) else "invalid_api_key" in str(error), error.body)

print(f"openai {openai.__version__}: {len(checks)} checks passed")
