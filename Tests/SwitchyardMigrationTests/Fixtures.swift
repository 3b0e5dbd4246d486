/// Hand-written inventory fixtures (our own, modelled on the formats' documented shapes).
enum Fixtures {
    /// govc ≥ 0.31 `vm.info -json` (camelCase): a disk, a NIC, a PCI passthrough device, a TPM, a snapshot.
    static let govcCamel = """
        {
          "virtualMachines": [
            {
              "self": {"type": "VirtualMachine", "value": "vm-42"},
              "config": {
                "name": "Web_01",
                "uuid": "4210a1b2-c3d4-4e5f-8a9b-0c1d2e3f4a5b",
                "guestId": "rhel9_64Guest",
                "firmware": "efi",
                "cpuHotAddEnabled": true,
                "changeTrackingEnabled": false,
                "bootOptions": {"efiSecureBootEnabled": true},
                "hardware": {
                  "numCPU": 4,
                  "numCoresPerSocket": 2,
                  "memoryMB": 8192,
                  "device": [
                    {"key": 2000, "deviceInfo": {"label": "Hard disk 1"}, "capacityInKB": 41943040,
                     "backing": {"fileName": "[ds1] web01/web01.vmdk", "diskMode": "persistent",
                                 "sharing": "sharingNone"}},
                    {"key": 2001, "deviceInfo": {"label": "Hard disk 2"}, "capacityInKB": 10485760,
                     "backing": {"fileName": "[ds1] web01/web01_1.vmdk", "diskMode": "independent_persistent",
                                 "sharing": "sharingMultiWriter"}},
                    {"key": 4000, "deviceInfo": {"label": "Network adapter 1"}, "macAddress": "00:50:56:aa:bb:01",
                     "backing": {"deviceName": "VLAN 120 web"}},
                    {"key": 13000, "deviceInfo": {"label": "PCI device 0"},
                     "backing": {"id": "0000:3b:00.0", "deviceId": "1db4", "vendorId": 4318}},
                    {"key": 11000, "deviceInfo": {"label": "Virtual TPM"}, "endorsementKeyCertificate": []}
                  ]
                }
              },
              "guest": {"ipAddress": "10.0.0.11", "net": [{"ipAddress": ["10.0.0.11", "fe80::1"]}]},
              "runtime": {"powerState": "poweredOn"},
              "snapshot": {"rootSnapshotList": [{"name": "before-patch", "childSnapshotList": [{"name": "b"}]}]}
            }
          ]
        }
        """

    /// Older govc (PascalCase keys), with an RDM disk.
    static let govcPascal = """
        {"VirtualMachines": [{"Self": {"Type": "VirtualMachine", "Value": "vm-7"},
          "Config": {"Name": "db-01", "GuestId": "windows2019srv_64Guest",
            "Hardware": {"NumCPU": 8, "MemoryMB": 32768, "Device": [
              {"DeviceInfo": {"Label": "Hard disk 1"}, "CapacityInKB": 104857600,
               "Backing": {"FileName": "[ds2] db01/db01.vmdk", "LunUuid": "0200000000600", "CompatibilityMode": "physicalMode"}},
              {"DeviceInfo": {"Label": "Network adapter 1"}, "MacAddress": "00:50:56:aa:bb:02",
               "Backing": {"DeviceName": "VLAN 130 db"}}]}},
          "Guest": {"IpAddress": "10.0.0.21"},
          "Runtime": {"PowerState": "poweredOff"}}]}
        """

    /// A .vmx with mixed-case keys and no numvcpus line.
    static let vmx = """
        .encoding = "UTF-8"
        config.version = "8"
        DisplayName = "rhel9-app"
        memSize = "4096"
        guestOS = "rhel9-64"
        firmware = "efi"
        uefi.secureBoot.enabled = "TRUE"
        # a comment
        scsi0.virtualDev = "pvscsi"
        scsi0:0.present = "TRUE"
        scsi0:0.fileName = "rhel9-app.vmdk"
        scsi0:0.mode = "independent-persistent"
        sata0:1.present = "TRUE"
        sata0:1.deviceType = "cdrom-image"
        sata0:1.fileName = "/vmfs/volumes/ds/iso/rhel9.iso"
        ethernet0.present = "TRUE"
        ethernet0.virtualDev = "vmxnet3"
        ethernet0.networkName = "VM Network"
        ethernet0.addressType = "generated"
        ETHERNET0.GENERATEDADDRESS = "00:0c:29:12:34:56"
        ctkEnabled = "TRUE"
        sched.cpu.affinity = "0,1"
        """

    static let vInfoMiB = """
        VM,Powerstate,Template,CPUs,Memory,NICs,Disks,Total disk capacity MiB,Primary IP Address,Network #1,Firmware,OS according to the configuration file,VM UUID
        shop-web-1,poweredOn,False,2,4096,1,1,40960,10.1.0.1,VLAN 200,bios,Red Hat Enterprise Linux 9 (64-bit),4210aaaa-0000-4000-8000-000000000001
        shop-db-1,poweredOn,False,4,16384,1,1,204800,10.1.0.2,VLAN 200,efi,Red Hat Enterprise Linux 9 (64-bit),4210aaaa-0000-4000-8000-000000000002
        tmpl-rhel9,poweredOff,True,2,2048,1,1,20480,,VLAN 200,bios,Red Hat Enterprise Linux 9 (64-bit),
        """

    static let vInfoMB = """
        VM,Powerstate,Template,CPUs,Memory,Provisioned MB,In Use MB,Primary IP Address
        "legacy, one",poweredOn,False,1,2048,"30,720",1000,10.2.0.1
        """

    static let vDisk = """
        VM,Disk,Disk Key,Capacity MiB,Raw,Disk Mode,Sharing mode,Thin,Path
        shop-web-1,Hard disk 1,2000,40960,False,persistent,sharingNone,True,[ds1] shop-web-1/shop-web-1.vmdk
        shop-db-1,Hard disk 1,2000,102400,False,persistent,sharingNone,True,[ds1] shop-db-1/shop-db-1.vmdk
        shop-db-1,Hard disk 2,2001,102400,False,independent_persistent,sharingMultiWriter,True,[ds1] shop-db-1/shop-db-1_1.vmdk
        """

    static let vNetwork = """
        VM,Powerstate,NIC label,Adapter,Network,Switch,Connected,Starts Connected,Mac Address,Type,IPv4 Address
        shop-web-1,poweredOn,Network adapter 1,vmxnet3,VLAN 200,vSwitch0,True,True,00:50:56:00:00:01,Assigned,10.1.0.1
        shop-db-1,poweredOn,Network adapter 1,vmxnet3,VLAN 200,vSwitch0,True,True,00:50:56:00:00:02,Assigned,10.1.0.2
        """
}
