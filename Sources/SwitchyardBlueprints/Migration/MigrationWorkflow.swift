/// The `migration` workflow and its prompt, shipped in the binary (`switchyard workflows show migration`).
enum MigrationWorkflow {
    static let text = """
        name: migration
        version: "1"
        description: >-
          A VMware estate planned for KubeVirt: inventories and flows read, application groups and waves found,
          KubeVirt manifests written and checked against the CRD schemas and the policy, fixes proposed by a model
          and kept only when they re-lint clean, a runbook per wave (what moves, what it depends on, the checks,
          the rollback), then a person approves or holds each wave; an approved wave's rollout is written (resources,
          kubectl / virtctl / govc commands, their order) after its rollback. A VM with a critical pre-migration
          concern blocks its wave unless allow_critical allows the check. Nothing is run against a cluster unless
          the input names one (cluster.kubeconfig) and the worker allows execution; then the wave's steps run in
          order, the first failure stops it and its rollback runs. target aws writes Terraform instead.
        input:
          type: object
          additionalProperties: false
          properties:
            inventory:
              type: array
              maxItems: 100
              items: {type: string, minLength: 1, maxLength: 1024}
            inventory_json: {type: [object, array]}
            flows:
              type: array
              maxItems: 100
              items: {type: string, minLength: 1, maxLength: 1024}
            usage:
              type: array
              maxItems: 20
              items: {type: string, minLength: 1, maxLength: 1024}
            policy_file: {type: string, minLength: 1, maxLength: 1024}
            wave_cap: {type: integer, minimum: 1, maximum: 1000}
            resolution: {type: number, exclusiveMinimum: 0, maximum: 100}
            hub_degree: {type: integer, minimum: 2}
            max_vms: {type: integer, minimum: 1, maximum: 20000}
            allow_cross_wave:
              type: array
              maxItems: 1000
              items: {type: string, pattern: "^[^:]+:[^:]+$"}
            allow_critical:
              type: array
              maxItems: 1000
              items: {type: string, minLength: 1, maxLength: 600}
            namespace: {type: string, minLength: 1, maxLength: 63}
            storage_class: {type: string, minLength: 1, maxLength: 253}
            bridge: {type: string, minLength: 1, maxLength: 15}
            pod_network: {type: boolean}
            method: {enum: [forklift, manifests]}
            target: {enum: [kubevirt, aws]}
            aws_region: {type: string, pattern: "^[a-z]{2}(-[a-z]+)+-[0-9]$"}
            cluster:
              type: object
              required: [kubeconfig]
              additionalProperties: false
              properties:
                kubeconfig: {type: string, minLength: 1, maxLength: 1024}
                context: {type: string, minLength: 1, maxLength: 253}
                vcenter: {type: boolean}
                rollback_on_failure: {type: boolean}
            forklift:
              type: object
              additionalProperties: false
              properties:
                namespace: {type: string, minLength: 1, maxLength: 63}
                provider: {type: string, minLength: 1, maxLength: 253}
                destination: {type: string, minLength: 1, maxLength: 253}
                type: {enum: [cold, warm]}
            vddk:
              type: object
              required: [url, thumbprint]
              additionalProperties: false
              properties:
                url: {type: string, minLength: 1}
                thumbprint: {type: string, minLength: 1}
                secret: {type: string, minLength: 1}
                image: {type: string, minLength: 1}
        state:
          outcomes: {reducer: append}
        entry: discover
        max_steps: 4000
        nodes:
          discover:
            kind: migration.discover
            next: waves
          waves:
            kind: migration.waves
            next: transpile
          transpile:
            kind: migration.transpile
            next: lint
          lint:
            kind: migration.lint
            next: propose_fixes
          propose_fixes:
            kind: migration.propose_fixes
            prompt: migration-fix
            task: reason
            max_tokens: 600
            max_findings: 8
            next: plan
          plan:
            kind: migration.plan
            next: next_wave
          next_wave:
            kind: migration.next_wave
            approve: approve_wave
            done: report
          approve_wave:
            kind: approval
            title: Approve this migration wave (approve writes its rollout, and runs it when a cluster is configured; reject holds it in vSphere)
            deliverable: wave
            show: [plan_summary, fix_proposals, lint_summary, estate_summary]
            on_reject: hold_wave
            next: apply_wave
          apply_wave:
            kind: migration.apply
            next: next_wave
          hold_wave:
            kind: migration.hold
            next: next_wave
          report:
            kind: migration.report
            next: end
        """

    static let fixPrompt = """
        name: migration-fix
        version: "1"
        role: You fix Kubernetes manifests written for a VMware to KubeVirt migration.
        constraints: |
          Propose at most one fix per finding, as a JSON Patch (RFC 6902: add, replace, remove) on the manifest the
          finding names. Paths are JSON Pointers into that manifest. Never change apiVersion, kind,
          metadata.name, metadata.namespace or the wave and source-vm labels. Never invent facts about the source
          (a VM's UUID, a disk's backing file, the vCenter URL or thumbprint) and never replace or remove a disk or
          its source: such a finding is fixed in the inventory, so skip it. Skip a finding you cannot fix.
          Every fix is checked against the schemas and the policy again; one that fails is dropped.
        output_format: 'JSON: {"fixes": [{"finding": 0, "patch": [{"op": "replace", "path": "/spec/...", "value": "..."}], "why": "..."}]}'
        context: |
          {{finding_count}} findings, numbered from 0:
          {{findings_list}}
        """
}
