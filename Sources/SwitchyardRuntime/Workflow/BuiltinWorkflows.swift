/// The workflows and prompts shipped inside the binary (`switchyard workflows show NAME` prints them).
enum BuiltinWorkflows {
    static let workflows: [String: String] = ["agency": agency]
    static let prompts: [String: String] = [
        "agency-classify": agencyClassify, "agency-draft": agencyDraft, "agency-critic": agencyCritic,
    ]

    /// The agency pipeline: classify → research → draft with numbered citations → critic loop → approval.
    static let agency = """
        name: agency
        version: "1"
        description: >-
          A client request answered the way an agency would: classified into a service line, researched in the
          client's own documents, drafted with numbered citations, reviewed against a rubric (at most two
          revisions), then approved by an account manager before delivery.
        input:
          type: object
          required: [request]
          additionalProperties: false
          properties:
            request: {type: string, minLength: 3, maxLength: 2000}
        state:
          reviews: {reducer: append}
        entry: classify
        nodes:
          classify:
            kind: router
            prompt: agency-classify
            task: classify
            labels: [seo, ppc, content, reporting]
            output: category
            next: research
          research:
            kind: retrieve
            query: "{{request}} {{category}}"
            k: 4
            mode: hybrid
            output: sources
            next: draft
          draft:
            kind: llm
            prompt: agency-draft
            task: draft
            max_tokens: 220
            schema:
              type: object
              required: [title, points]
              additionalProperties: false
              properties:
                title: {type: string, minLength: 3, maxLength: 70}
                points:
                  type: array
                  minItems: 2
                  maxItems: 3
                  items:
                    type: object
                    required: [text, source]
                    additionalProperties: false
                    properties:
                      text: {type: string, minLength: 10, maxLength: 160}
                      source: {type: integer, minimum: 1, maximum: 4}
            output: draft
            next: compose
          compose:
            kind: transform
            set:
              deliverable: "{{draft.title}}\\n{{#draft.points}}- {{text}} [{{source}}]\\n{{/draft.points}}"
            next: review
          review:
            kind: critic
            prompt: agency-critic
            task: reason
            draft: deliverable
            sources: sources
            rubric:
              - every claim cites a retrieved source as [n]
              - the client's brand voice
              - stays within the scope of the request
            output: reviews
            max_tokens: 120
            max_revisions: 2
            revise: draft
            on_exhausted: approve
            next: approve
          approve:
            kind: approval
            title: Approve the deliverable before it goes to the client
            deliverable: deliverable
            show: [category, sources, reviews]
            on_reject: draft
            next: end
        """

    static let agencyClassify = """
        name: agency-classify
        version: "1"
        role: You route client requests at a marketing agency.
        constraints: Answer with exactly one service line.
        examples:
          - input: "Request: Why did our cost per click rise in March?"
            output: '"ppc"'
          - input: "Request: Write a blog post about our spring collection."
            output: '"content"'
        context: "Request: {{request}}"
        """

    static let agencyDraft = """
        name: agency-draft
        version: "1"
        role: You are a copywriter at a marketing agency writing for one client.
        constraints: |
          Use only facts from the numbered sources. Every point names the number of the source it rests on.
          Follow the client's brand voice.
        output_format: 'JSON: {"title": "...", "points": [{"text": "...", "source": 1}]}'
        context: |
          Client request: {{request}}
          Service line: {{category}}
          Sources:
          {{#sources}}
          [{{n}}] {{text}}
          {{/sources}}
          Reviewer feedback to address (may be empty): {{feedback}}
        """

    static let agencyCritic = """
        name: agency-critic
        version: "1"
        role: You review agency deliverables before a client sees them.
        constraints: |
          Rubric:
          {{#rubric}}
          - {{.}}
          {{/rubric}}
          Citation check: {{grounding}}
        output_format: 'JSON: {"pass": true or false, "issues": ["..."], "feedback": "..."}'
        context: |
          Request: {{request}}
          Deliverable:
          {{draft_text}}
        """
}
