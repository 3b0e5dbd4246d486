import Foundation

extension RolloutPlanner {
    /// The rollout of one wave to AWS: init, plan and apply its `main.tf.json`.
    func terraformBundle(wave: Int, moves: [WaveRunbook.Move], own: [Manifest]) -> (RolloutBundle, [String]) {
        guard let file = own.first(where: { $0.path.hasSuffix(".tf.json") }) else {
            return (RolloutBundle(), ["wave \(wave) has no Terraform file: transpile it with target aws"])
        }
        let dir = Shell.quote((file.path as NSString).deletingLastPathComponent)
        let running = moves.filter { $0.powerState?.lowercased() != "poweredoff" }
        var steps = [
            RolloutStep(
                "terraform -chdir=\(dir) init -input=false", "download the AWS provider the wave's file pins (~> 5.0)"),
            RolloutStep(
                "terraform -chdir=\(dir) plan -input=false -out=wave.tfplan",
                "plan the wave's \(moves.count) instances; give ami_id (the converted images), subnet_ids and "
                    + "default_subnet_id in \((file.path as NSString).deletingLastPathComponent)/terraform.tfvars"),
        ]
        for move in running {
            steps.append(
                RolloutStep(
                    "govc vm.power -s \(Shell.quote(move.source))",
                    "shut \(move.source)'s guest down so its last state is the one imported", side: "source"))
        }
        steps.append(
            RolloutStep(
                "terraform -chdir=\(dir) apply -input=false wave.tfplan", "create the wave's instances and volumes"))
        return (RolloutBundle(files: [file], steps: steps), [])
    }

    /// The rollback of one wave on AWS: destroy what its file created, then power the source VMs back on.
    func terraformRollback(wave: Int, moves: [WaveRunbook.Move], own: [Manifest]) -> RolloutBundle {
        var steps: [RolloutStep] = []
        if let file = own.first(where: { $0.path.hasSuffix(".tf.json") }) {
            let dir = Shell.quote((file.path as NSString).deletingLastPathComponent)
            steps.append(
                RolloutStep(
                    "terraform -chdir=\(dir) destroy -input=false -auto-approve",
                    "delete the wave's instances and volumes"))
        }
        for move in moves where move.powerState?.lowercased() != "poweredoff" {
            steps.append(
                RolloutStep(
                    "govc vm.power -on \(Shell.quote(move.source))",
                    "power \(move.source) back on in vSphere: it was running before the wave", side: "source"))
        }
        return RolloutBundle(steps: steps)
    }
}
