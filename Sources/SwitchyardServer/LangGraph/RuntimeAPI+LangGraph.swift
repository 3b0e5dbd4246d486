import Hummingbird
import SwitchyardRuntime

extension RuntimeAPI {
    /// Adds LangGraph's Agent Server routes (``LangGraphController``) at the root, behind the `runs` scope.
    func addLangGraphRoutes(to router: Router<SwitchyardRequestContext>) {
        let group = router.group(context: TenantRequestContext.self).add(middleware: RequireScope(.runs))
        LangGraphController(api: self).addRoutes(to: group)
    }
}
