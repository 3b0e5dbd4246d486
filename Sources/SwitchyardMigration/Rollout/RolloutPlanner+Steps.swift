import SwitchyardCore

extension RolloutPlanner {
    /// The rollout of one wave, or why it cannot be built.
    func bundle(
        wave: Int, vms: [SourceVM], moves: [WaveRunbook.Move], nads: [Manifest], own: [Manifest], networks: [String]
    ) -> (bundle: RolloutBundle, blocking: [String]) {
        if method == .terraform { return terraformBundle(wave: wave, moves: moves, own: own) }
        let ns = Shell.quote(namespace)
        let dir = WaveRunbook.directory(forWave: wave)
        let services = own.filter { $0.kind == "Service" }
        let machines = own.filter { $0.kind == "VirtualMachine" }
        var files = nads
        var steps: [RolloutStep] = []
        if !nads.isEmpty {
            steps.append(
                RolloutStep(
                    "kubectl apply " + nads.map { "-f " + Shell.quote($0.path) }.joined(separator: " "),
                    "create the Multus networks (\(networks.joined(separator: ", "))) the wave's NICs attach to; "
                        + "already present ones are left as they are"))
        }
        let running = moves.filter { $0.powerState?.lowercased() != "poweredoff" }
        if let forklift = method.forklift {
            let resources = ForkliftResources(settings: forklift, targetNamespace: namespace, wave: wave)
            var missing: [String] = []
            var datastores: Set<String> = []
            for vm in vms {
                for disk in vm.disks where !disk.raw {
                    if let ds = ForkliftResources.datastore(disk.fileName) {
                        datastores.insert(ds)
                    } else {
                        missing.append("\(vm.name) '\(disk.label)'")
                    }
                }
            }
            if !missing.isEmpty {
                return (
                    RolloutBundle(),
                    [
                        "Forklift's StorageMap needs each disk's datastore, unknown for \(missing.joined(separator: ", "))"
                            + ": give a govc or RVTools vDisk inventory (backing files like '[ds1] vm/vm.vmdk'), or "
                            + "use method manifests"
                    ]
                )
            }
            var nadNames: [String: String] = [:]
            for nad in nads {
                let source = nad.object["metadata"]?["annotations"]?["migration.switchyard.io/source-network"]
                nadNames[source?.stringValue ?? ""] = nad.name
            }
            var sourceIDs: [String: String] = [:]
            for vm in vms { sourceIDs[vm.name] = ForkliftResources.managedObjectID(vm.id) }
            var mapped: [(source: String, nad: String)] = []
            for network in networks { if let nad = nadNames[network] { mapped.append((network, nad)) } }
            var planned: [(source: String, id: String?, target: String)] = []
            for move in moves { planned.append((move.source, sourceIDs[move.source], move.target)) }
            let fdir = "\(dir)/forklift"
            let objects = [
                Manifest(
                    path: "\(fdir)/networkmap.yaml",
                    object: resources.networkMap(mapped), wave: wave),
                Manifest(
                    path: "\(fdir)/storagemap.yaml", object: resources.storageMap(datastores.sorted()), wave: wave),
                Manifest(
                    path: "\(fdir)/plan.yaml",
                    object: resources.plan(
                        planned,
                        description: "switchyard wave \(wave): \(moves.count) VMs of "
                            + Set(moves.map(\.group)).sorted().joined(separator: ", ")),
                    wave: wave),
                Manifest(path: "\(fdir)/migration.yaml", object: resources.migration(), wave: wave),
            ]
            let problems = check(objects)
            if !problems.isEmpty { return (RolloutBundle(), problems) }
            files += objects
            let fns = Shell.quote(forklift.namespace)
            let name = Shell.quote(resources.name)
            steps += [
                RolloutStep(
                    "kubectl apply -f \(fdir)/networkmap.yaml -f \(fdir)/storagemap.yaml -f \(fdir)/plan.yaml",
                    "give Forklift the wave's network and storage mappings and its \(forklift.migrationType) plan"),
                RolloutStep(
                    "kubectl -n \(fns) wait --for=condition=Ready plan/\(name) --timeout=10m",
                    "Forklift has validated the plan (its concerns are listed in the Plan's status)"),
                RolloutStep(
                    "kubectl apply -f \(fdir)/migration.yaml",
                    forklift.migrationType == "warm"
                        ? "start the warm migration: disks copy from CBT snapshots while the VMs run, then cut over"
                        : "start the cold migration: Forklift powers the source VMs off, copies and converts them"),
                RolloutStep(
                    "kubectl -n \(fns) wait --for=condition=Succeeded migration/\(name) --timeout=24h",
                    "wait until every VM of the wave is copied and converted"),
            ]
        } else {
            files += machines
            for move in running {
                steps.append(
                    RolloutStep(
                        "govc vm.power -s \(Shell.quote(move.source))",
                        "shut \(move.source)'s guest down so its disks are consistent before they are copied",
                        side: "source"))
            }
            if !machines.isEmpty {
                steps.append(
                    RolloutStep(
                        "kubectl apply " + machines.map { "-f " + Shell.quote($0.path) }.joined(separator: " "),
                        "create the VirtualMachines; their DataVolume templates import or allocate the disks"))
            }
            for machine in machines {
                for template in machine.object["spec"]?["dataVolumeTemplates"]?.arrayValue ?? [] {
                    guard let dv = template["metadata"]?["name"]?.stringValue else { continue }
                    let blank = template["spec"]?["source"]?["blank"] != nil
                    steps.append(
                        RolloutStep(
                            "kubectl -n \(ns) wait --for=condition=Ready datavolume/\(Shell.quote(dv)) --timeout=6h",
                            blank
                                ? "\(dv) is allocated blank: restore its data before the VM is used"
                                : "wait until \(dv) is imported from vCenter"))
                }
            }
        }
        if !services.isEmpty {
            files += services
            steps.append(
                RolloutStep(
                    "kubectl apply " + services.map { "-f " + Shell.quote($0.path) }.joined(separator: " "),
                    "give in-cluster clients the migrated servers' names and ports"))
        }
        for move in running {
            steps.append(
                RolloutStep(
                    "kubectl -n \(ns) wait --for=condition=Ready vmi/\(Shell.quote(move.target)) --timeout=15m",
                    "\(move.target) is running again, as \(move.source) was"))
        }
        return (RolloutBundle(files: files, steps: steps), [])
    }

    /// The rollback of one wave: stop and delete what the rollout created, then power the source VMs that were
    /// running back on. Networks stay (other waves use them).
    func rollback(wave: Int, vms: [SourceVM], moves: [WaveRunbook.Move], own: [Manifest]) -> RolloutBundle {
        if method == .terraform { return terraformRollback(wave: wave, moves: moves, own: own) }
        let ns = Shell.quote(namespace)
        var steps: [RolloutStep] = []
        var ids: [String: String] = [:]
        for vm in vms { ids[vm.name] = ForkliftResources.managedObjectID(vm.id) }
        if let forklift = method.forklift {
            let name = Shell.quote(ForkliftResources(settings: forklift, targetNamespace: namespace, wave: wave).name)
            let fns = Shell.quote(forklift.namespace)
            steps.append(
                RolloutStep(
                    "kubectl -n \(fns) delete migration/\(name) --ignore-not-found",
                    "remove the wave's Migration so Forklift does not carry on with it"))
        }
        for move in moves {
            let target = Shell.quote(move.target)
            steps.append(
                RolloutStep(
                    "virtctl -n \(ns) stop \(target) || true",
                    "stop \(move.target) if it runs (nothing to stop is fine)"))
            steps.append(
                RolloutStep(
                    "kubectl -n \(ns) delete virtualmachine/\(target) --ignore-not-found --wait=true",
                    "delete \(move.target) with the DataVolumes it owns"))
            if method.forklift != nil, let id = ids[move.source] {
                steps.append(
                    RolloutStep(
                        "kubectl -n \(ns) delete pvc -l vmID=\(Shell.quote(id)) --ignore-not-found",
                        "delete the disks Forklift copied for \(move.source) (labelled with its vSphere id)"))
            }
        }
        let services = own.filter { $0.kind == "Service" }
        if !services.isEmpty {
            steps.append(
                RolloutStep(
                    "kubectl -n \(ns) delete "
                        + services.map { "service/" + Shell.quote($0.name) }.joined(separator: " ")
                        + " --ignore-not-found",
                    "remove the Services so clients stop resolving the migrated servers"))
        }
        if let forklift = method.forklift {
            let name = Shell.quote(ForkliftResources(settings: forklift, targetNamespace: namespace, wave: wave).name)
            steps.append(
                RolloutStep(
                    "kubectl -n \(Shell.quote(forklift.namespace)) delete plan/\(name) networkmap/\(name) "
                        + "storagemap/\(name) --ignore-not-found",
                    "remove the wave's plan and mappings"))
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
