"""bench/server's LangGraph side: the same one-node graph as bench/server/workflows/trivial.yaml."""

from typing import TypedDict

from langgraph.graph import END, START, StateGraph


class State(TypedDict, total=False):
    seed: str
    out: str


def step(state: State) -> State:
    return {"out": f"{state.get('seed', '')}-done"}


builder = StateGraph(State)
builder.add_node("step", step)
builder.add_edge(START, "step")
builder.add_edge("step", END)
graph = builder.compile()
