"""CloudFormation (and neighbouring) behaviour that moto 5.2 lacks and ecs-compose-x relies on,
restored in-process before the server starts. Each patch names the behaviour it restores;
README.md next to this file lists them. Nothing here changes what the tool sends: the tool talks to
this server exactly as it talks to AWS."""

PATCHES = []


def patch(fn):
    PATCHES.append(fn)
    return fn


def apply() -> None:
    for fn in PATCHES:
        fn()


# Every stack by id, kept from its creation on (moto drops a stack from its list before deleting
# its resources; the events of that deletion still belong to it).
STACKS = {}


class ResourceFailed(Exception):
    """A resource could not be created, updated or deleted; `reason` is what CloudFormation says."""

    def __init__(self, logical_id, reason):
        super().__init__(reason)
        self.logical_id = logical_id
        self.reason = reason


def reason_of(e):
    if isinstance(e, ResourceFailed):
        return e.reason
    msg = getattr(e, "message", None) or getattr(e, "description", None) or str(e) or type(e).__name__
    return f"Resource handler returned message: \"{msg}\" (HandlerErrorCode: InvalidRequest)"


# Resources whose deletion began (moto retries failed deletions in passes: one event for them all).
DELETING = set()

# (stack id, logical id) → the resource's latest status, as ListStackResources reports it.
RESOURCE_STATUS = {}


def event(stack, logical_id, rtype, status, physical="", reason=None):
    from moto.cloudformation.models import Event

    if physical != stack.stack_id:
        RESOURCE_STATUS[(stack.stack_id, logical_id)] = status
    stack.events.append(
        Event(
            stack_id=stack.stack_id,
            stack_name=stack.name,
            logical_resource_id=logical_id,
            physical_resource_id=physical or "",
            resource_type=rtype,
            resource_status=status,
            resource_status_reason=reason,
            resource_properties=None,
        )
    )


def physical_of(resource):
    p = getattr(resource, "physical_resource_id", None)
    return p if isinstance(p, str) else ""


def tag_bucket(resources_map, logical_id, resource):
    """CloudFormation tags every taggable resource it creates with the stack's tags and
    aws:cloudformation:stack-name / stack-id / logical-id. moto does so for EC2 resources only;
    this does it for S3 buckets too (lookups find buckets by those tags). Called by resource_events."""
    from moto.s3.models import FakeBucket, s3_backends
    from moto.utilities.utils import get_partition

    if not isinstance(resource, FakeBucket):
        return
    stack = STACKS.get(resources_map.stack_id)
    tags = dict(resources_map.tags)
    if stack is not None:
        tags["aws:cloudformation:stack-name"] = stack.name
        tags["aws:cloudformation:stack-id"] = stack.stack_id
    tags["aws:cloudformation:logical-id"] = logical_id
    backend = s3_backends[resources_map._account_id][get_partition(resources_map._region_name)]
    backend.tagger.tag_resource(resource.arn, [{"Key": k, "Value": v} for k, v in tags.items()])


@patch
def every_resource_type() -> None:
    """CloudFormation creates every resource type of a template. moto skips the types it has no
    model for (e.g. AWS::CloudWatch::Alarm, AWS::ApplicationAutoScaling::*, AWS::ServiceDiscovery::*)
    and then fails on a Ref or GetAtt to them. Those become opaque resources here: a physical id,
    an ARN-shaped value for every attribute, listed and deleted like the others. The deploy tests
    check only resources of types moto does model."""
    from moto.cloudformation import parsing
    from moto.core.common_models import CloudFormationModel
    from moto.moto_api._internal import mock_random

    class OpaqueResource(CloudFormationModel):
        __module__ = "moto.cloudformation.opaque"  # moto files models by the service in their module path
        resource_type = ""

        def __init__(self, name, region, account):
            self.name = name
            self.region = region
            self.account = account

        @property
        def physical_resource_id(self):
            return self.name

        @classmethod
        def has_cfn_attr(cls, attr):
            return True

        def get_cfn_attribute(self, attr):
            service = self.resource_type.split("::")[1].lower()
            return f"arn:aws:{service}:{self.region}:{self.account}:{self.name}/{attr}"

        @staticmethod
        def cloudformation_name_type():
            return ""

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
            suffix = "".join(mock_random.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(12))
            return cls(f"{resource_name[:40]}-{suffix}" if resource_name else suffix, region_name, account_id)

        @classmethod
        def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
            return original_resource

        def delete(self, account_id, region_name):
            pass

    classes = {}
    original = parsing.resource_class_from_type

    def resource_class_from_type(resource_type):
        found = original(resource_type)
        if found is not None or not resource_type.startswith("AWS::"):
            return found
        if resource_type not in classes:
            classes[resource_type] = type(resource_type.replace("::", ""), (OpaqueResource,), {"resource_type": resource_type, "__module__": OpaqueResource.__module__})
        return classes[resource_type]

    parsing.resource_class_from_type = resource_class_from_type


@patch
def resource_events() -> None:
    """CloudFormation reports each resource it creates, updates and deletes as stack events
    (…_IN_PROGRESS, then …_COMPLETE with the physical id, or …_FAILED with the reason); moto
    reports only the stack's own status. Progress, root-cause reporting and the nested-stack
    discovery of the tool read these events."""
    from moto.cloudformation import parsing

    create_original = parsing.parse_and_create_resource
    update_original = parsing.parse_and_update_resource

    def parse_and_create_resource(logical_id, resource_json, resources_map, account_id, region_name):
        condition = resource_json.get("Condition")
        if condition and not resources_map.lazy_condition_map[condition]:
            return None
        stack = STACKS.get(resources_map.stack_id)
        rtype = resource_json["Type"]
        if stack is not None:
            event(stack, logical_id, rtype, "CREATE_IN_PROGRESS")
        try:
            resource = create_original(logical_id, resource_json, resources_map, account_id, region_name)
        except ResourceFailed as e:
            if e.logical_id is not None:
                raise  # a dependency created on the way failed, and said so
            # a nested stack failed: its parent's resource fails with the nested stack's reason
            if stack is not None:
                event(stack, logical_id, rtype, "CREATE_FAILED", reason=e.reason)
            raise ResourceFailed(logical_id, e.reason) from e
        except Exception as e:
            reason = reason_of(e)
            if stack is not None:
                event(stack, logical_id, rtype, "CREATE_FAILED", reason=reason)
            raise ResourceFailed(logical_id, reason) from e
        tag_bucket(resources_map, logical_id, resource)
        if stack is not None and resource is not None:
            event(stack, logical_id, rtype, "CREATE_COMPLETE", physical_of(resource))
        return resource

    def parse_and_update_resource(logical_id, resource_json, resources_map, account_id, region_name):
        stack = STACKS.get(resources_map.stack_id)
        rtype = resource_json["Type"]
        before = resources_map._parsed_resources.get(logical_id)
        if stack is not None:
            event(stack, logical_id, rtype, "UPDATE_IN_PROGRESS", physical_of(before))
        try:
            resource = update_original(logical_id, resource_json, resources_map, account_id, region_name)
        except ResourceFailed as e:
            if e.logical_id is not None:
                raise
            if stack is not None:
                event(stack, logical_id, rtype, "UPDATE_FAILED", physical_of(before), e.reason)
            raise ResourceFailed(logical_id, e.reason) from e
        except Exception as e:
            reason = reason_of(e)
            if stack is not None:
                event(stack, logical_id, rtype, "UPDATE_FAILED", physical_of(before), reason)
            raise ResourceFailed(logical_id, reason) from e
        # moto has no update for some types: the resource stays as it was, not forgotten.
        resource = resource if resource is not None else before
        if stack is not None:
            event(stack, logical_id, rtype, "UPDATE_COMPLETE", physical_of(resource))
        return resource

    parsing.parse_and_create_resource = parse_and_create_resource
    parsing.parse_and_update_resource = parse_and_update_resource

    delete_original = parsing.ResourceMap._delete_resource

    def _delete_resource(self, parsed_resource, resource_json):
        stack = STACKS.get(self.stack_id)
        logical_id = getattr(parsed_resource, "logical_resource_id", "")
        rtype = resource_json.get("Type", "")
        physical = physical_of(parsed_resource)
        key = (self.stack_id, logical_id, physical)
        if stack is not None and key not in DELETING:
            DELETING.add(key)
            event(stack, logical_id, rtype, "DELETE_IN_PROGRESS", physical)
        try:
            delete_original(self, parsed_resource, resource_json)
        except Exception as e:
            # moto tries again in a later pass (dependencies); stack_deletion reports what stuck.
            raise ResourceFailed(logical_id, reason_of(e)) from e
        DELETING.discard(key)
        if stack is not None:
            event(stack, logical_id, rtype, "DELETE_COMPLETE", physical)

    parsing.ResourceMap._delete_resource = _delete_resource


@patch
def nested_stacks() -> None:
    """Nested stacks as CloudFormation makes them: named <parent>-<logical id>-<suffix> (moto names
    them after the logical id alone, so two stacks with the same nested stack collide), identified
    by their stack ARN (the physical id and the Ref value), updated in place when their template or
    parameters change (moto deletes and recreates them), their outputs readable by the parent with
    Fn::GetAtt <Stack>.Outputs.<name>; stacks created through change sets get their outputs."""
    from moto.cloudformation import models
    from moto.cloudformation.utils import get_stack_from_s3_url
    from moto.cloudformation.exceptions import ValidationError
    from moto.moto_api._internal import mock_random
    from moto.utilities.utils import get_partition

    Stack = models.Stack
    init_original = Stack.__init__

    def __init__(self, *args, **kwargs):
        init_original(self, *args, **kwargs)
        STACKS[self.stack_id] = self

    Stack.__init__ = __init__
    Stack.physical_resource_id = property(lambda self: self.stack_id)

    def get_cfn_attribute(self, name):
        if name.startswith("Outputs."):
            for o in self.outputs or []:
                if o["OutputKey"] == name[len("Outputs."):]:
                    return o["OutputValue"]
        raise ValidationError(self.name, f"Stack {self.name} has no attribute {name}")

    Stack.get_cfn_attribute = get_cfn_attribute

    def parameters_of(properties):
        return {k: (",".join(map(str, v)) if isinstance(v, list) else str(v)) for k, v in (properties.get("Parameters") or {}).items()}

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        backend = models.cloudformation_backends[account_id][region_name]
        parent = STACKS.get(kwargs.get("StackId"))
        properties = cloudformation_json["Properties"]
        template = get_stack_from_s3_url(properties["TemplateURL"], account_id=account_id, partition=get_partition(region_name))
        suffix = "".join(mock_random.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(12))
        logical_id = kwargs.get("LogicalId", resource_name)
        name = f"{parent.name}-{logical_id}-{suffix}" if parent else resource_name
        stack_id = models.generate_stack_id(name, region_name, account_id)
        stack = models.Stack(
            stack_id=stack_id,
            name=name,
            template=template,
            parameters=parameters_of(properties),
            account_id=account_id,
            region_name=region_name,
            tags=parent.tags if parent else None,
            cross_stack_resources=backend.exports,
        )
        backend.stacks[stack_id] = stack
        if parent is not None:
            # CloudFormation's second event of a resource carries its physical id: here the ARN.
            event(parent, logical_id, "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", stack_id, "Resource creation Initiated")
        stack._add_stack_event("CREATE_IN_PROGRESS", resource_status_reason="User Initiated")
        stack.create_resources()
        return stack

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        properties = cloudformation_json["Properties"]
        template = get_stack_from_s3_url(properties["TemplateURL"], account_id=account_id, partition=get_partition(region_name))
        original_resource.update(template, parameters=parameters_of(properties))
        return original_resource

    Stack.create_from_cloudformation_json = create_from_cloudformation_json
    Stack.update_from_cloudformation_json = update_from_cloudformation_json

    create_resources_original = Stack.create_resources

    def create_resources(self):
        try:
            create_resources_original(self)
        except ResourceFailed as e:
            roll_back_creation(self, e)
            raise ResourceFailed(None, f"Embedded stack {self.stack_id} was not successfully created: {failed_reason(self)}") from e

    Stack.create_resources = create_resources

    update_original = Stack.update

    def update(self, template, role_arn=None, parameters=None, tags=None):
        old_template, old_parameters = self.template, dict(self.resource_map.input_parameters)
        try:
            update_original(self, template, role_arn=role_arn, parameters=parameters, tags=tags)
        except ResourceFailed as e:
            roll_back_update(self, old_template, old_parameters, e)
            raise ResourceFailed(None, f"Embedded stack {self.stack_id} was not successfully updated. Currently in UPDATE_ROLLBACK_IN_PROGRESS with reason: {failed_reason(self, 'update')}") from e

    Stack.update = update


def failed_reason(stack, verb="create"):
    failed = [e.logical_resource_id for e in stack.events if e.resource_status.endswith("_FAILED") and e.physical_resource_id != stack.stack_id]
    return f"The following resource(s) failed to {verb}: [{', '.join(dict.fromkeys(failed))}]. "


def roll_back_creation(stack, error, disable_rollback=False):
    """After a failed creation: ROLLBACK_IN_PROGRESS, delete what was created, ROLLBACK_COMPLETE
    (or CREATE_FAILED, resources kept, when rollback is disabled)."""
    reason = failed_reason(stack)
    if disable_rollback:
        stack.status = "CREATE_FAILED"
        event(stack, stack.name, "AWS::CloudFormation::Stack", "CREATE_FAILED", stack.stack_id, reason)
        return
    stack.status = "ROLLBACK_IN_PROGRESS"
    event(stack, stack.name, "AWS::CloudFormation::Stack", "ROLLBACK_IN_PROGRESS", stack.stack_id, reason + "Rollback requested by user.")
    try:
        stack.resource_map.delete()
    except Exception:  # noqa: BLE001 - a failed rollback is a state, not a server error
        stack.status = "ROLLBACK_FAILED"
        event(stack, stack.name, "AWS::CloudFormation::Stack", "ROLLBACK_FAILED", stack.stack_id)
        return
    stack.status = "ROLLBACK_COMPLETE"
    event(stack, stack.name, "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE", stack.stack_id)


def roll_back_update(stack, old_template, old_parameters, error, disable_rollback=False):
    """After a failed update: UPDATE_ROLLBACK_IN_PROGRESS, the previous template and parameters
    applied again, UPDATE_ROLLBACK_COMPLETE (or UPDATE_FAILED when rollback is disabled)."""
    reason = failed_reason(stack, "update")
    if disable_rollback:
        stack.status = "UPDATE_FAILED"
        event(stack, stack.name, "AWS::CloudFormation::Stack", "UPDATE_FAILED", stack.stack_id, reason)
        return
    stack.status = "UPDATE_ROLLBACK_IN_PROGRESS"
    event(stack, stack.name, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_IN_PROGRESS", stack.stack_id, reason)
    try:
        stack.template = old_template
        stack._parse_template()
        stack.resource_map.update(stack.template_dict, old_parameters)
        stack.output_map = stack._create_output_map()
    except Exception:  # noqa: BLE001
        stack.status = "UPDATE_ROLLBACK_FAILED"
        event(stack, stack.name, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_FAILED", stack.stack_id)
        return
    stack.status = "UPDATE_ROLLBACK_COMPLETE"
    event(stack, stack.name, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_COMPLETE", stack.stack_id)


@patch
def change_set_execution() -> None:
    """ExecuteChangeSet as CloudFormation runs it: a failing resource fails the operation, which
    rolls back (ROLLBACK_COMPLETE / UPDATE_ROLLBACK_COMPLETE; CREATE_FAILED / UPDATE_FAILED with
    DisableRollback) instead of an HTTP 500; the stack gets the change set's template, description
    and outputs; the change set can no longer be executed."""
    from moto.cloudformation import models, responses

    Backend = models.CloudFormationBackend

    def execute_change_set(self, change_set_name, stack_name=None, disable_rollback=False):
        change_set = self.change_sets.get(change_set_name)
        if change_set is None:
            change_set = next((c for c in self.change_sets.values() if c.change_set_name == change_set_name), None)
        if change_set is None:
            raise models.ValidationError(stack_name)
        stack = self.stacks[change_set.stack_id]
        kind = change_set.change_set_type
        old_template, old_parameters = stack.template, dict(stack.resource_map.input_parameters)
        event(stack, stack.name, "AWS::CloudFormation::Stack", f"{kind}_IN_PROGRESS", stack.stack_id, "User Initiated")
        stack.status = f"{kind}_IN_PROGRESS"
        change_set.execution_status = "EXECUTE_IN_PROGRESS"
        try:
            change_set.apply()
        except ResourceFailed as e:
            change_set.execution_status = "EXECUTE_FAILED"
            if kind == "CREATE":
                roll_back_creation(stack, e, disable_rollback)
            else:
                roll_back_update(stack, old_template, old_parameters, e, disable_rollback)
            return
        stack.template = change_set.template
        stack._parse_template()
        stack.description = stack.template_dict.get("Description")
        stack.output_map = stack._create_output_map()
        if kind == "UPDATE":
            event(stack, stack.name, "AWS::CloudFormation::Stack", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", stack.stack_id)
        stack.status = f"{kind}_COMPLETE"
        event(stack, stack.name, "AWS::CloudFormation::Stack", f"{kind}_COMPLETE", stack.stack_id)
        change_set.execution_status = "EXECUTE_COMPLETE"

    Backend.execute_change_set = execute_change_set

    def respond(self):
        self.cloudformation_backend.execute_change_set(
            stack_name=self._get_param("StackName"),
            change_set_name=self._get_param("ChangeSetName"),
            disable_rollback=str(self._get_param("DisableRollback", "false")).lower() == "true",
        )
        return responses.EmptyResult()

    responses.CloudFormationResponse.execute_change_set = respond


def preview_parameters(template):
    """Parameters for previewing a nested template's changes: the values come from the parent at
    execution; a preview only needs every parameter to have one."""
    import yaml

    doc = yaml.safe_load(template) if isinstance(template, str) else template
    return {k: str(v.get("Default", "preview")) for k, v in ((doc or {}).get("Parameters") or {}).items()}


@patch
def nested_change_sets() -> None:
    """Change sets with IncludeNestedStacks: each nested stack that is added or modified gets its
    own change set (its ChangeSetId on the parent's change), and a Modify change lists the changed
    properties (Details, Replacement) as CloudFormation does. moto lists the top level only, with no
    details."""
    from moto.cloudformation import models
    from moto.cloudformation.utils import get_stack_from_s3_url
    from moto.utilities.utils import get_partition

    ChangeSet = models.ChangeSet
    diff_original = ChangeSet.diff

    def diff(self):
        changes = diff_original(self)
        old = self.stack.resource_map._resource_json_map
        new = self.template_dict.get("Resources", {})
        backend = models.cloudformation_backends[self.stack.account_id][self.stack.region_name]
        for c in changes:
            c.change_set_id = None
            c.replacement = "False" if c.action == "Modify" else None
            c.details = []
            c.physical_resource_id = None
            before = old.get(c.logical_resource_id, {})
            after = new.get(c.logical_resource_id, {})
            if c.action == "Modify":
                props_before, props_after = before.get("Properties", {}), after.get("Properties", {})
                for key in sorted(set(props_before) | set(props_after)):
                    if props_before.get(key) != props_after.get(key):
                        c.details.append({"Target": {"Attribute": "Properties", "Name": key, "RequiresRecreation": "Never"}, "Evaluation": "Static", "ChangeSource": "DirectModification"})
                existing = self.stack.resource_map._parsed_resources.get(c.logical_resource_id)
                c.physical_resource_id = physical_of(existing) or None
            if c.resource_type != "AWS::CloudFormation::Stack" or c.action not in ("Add", "Modify"):
                continue
            url = after.get("Properties", {}).get("TemplateURL")
            if not isinstance(url, str):
                continue
            template = get_stack_from_s3_url(url, account_id=self.stack.account_id, partition=get_partition(self.stack.region_name))
            child_stack = STACKS.get(c.physical_resource_id) if c.action == "Modify" else None
            if child_stack is None:
                child_stack = models.Stack(
                    stack_id=f"{self.stack.stack_id}-{c.logical_resource_id}-preview",
                    name=f"{self.stack.name}-{c.logical_resource_id}",
                    template={},
                    parameters={},
                    account_id=self.stack.account_id,
                    region_name=self.stack.region_name,
                )
                STACKS.pop(child_stack.stack_id, None)
            child_id = models.generate_changeset_id(f"{self.change_set_name}-{c.logical_resource_id}", self.stack.region_name, self.stack.account_id)
            child = ChangeSet(
                change_set_type="UPDATE" if c.action == "Modify" else "CREATE",
                change_set_id=child_id,
                change_set_name=f"{self.change_set_name}-{c.logical_resource_id}",
                stack=child_stack,
                template=template,
                parameters=preview_parameters(template),
                description=None,
            )
            child.status = "CREATE_COMPLETE"
            child.execution_status = "UNAVAILABLE"
            backend.change_sets[child_id] = child
            c.change_set_id = child_id
        return changes

    ChangeSet.diff = diff


@patch
def resource_status() -> None:
    """ListStackResources lists the resources that exist, with each one's own status
    (UPDATE_COMPLETE, ...) and the time it last changed; moto reports CREATE_COMPLETE and a fixed
    2011 date for every resource, and creates the resources it lists that do not exist (after a
    rollback, all of them)."""
    from moto.cloudformation import responses
    from moto.core.utils import iso_8601_datetime_with_milliseconds, utcnow

    def list_stack_resources(self):
        stack = self.cloudformation_backend.get_stack(self._get_param("StackName"))
        # moto's resource map creates a resource when it is read: list only what exists.
        rm = stack.resource_map
        existing = [rm._parsed_resources[k] for k in rm._resource_json_map if rm._parsed_resources.get(k) is not None]
        now = iso_8601_datetime_with_milliseconds(utcnow())
        summaries = [
            {
                "ResourceStatus": RESOURCE_STATUS.get((stack.stack_id, getattr(r, "logical_resource_id", "")), "CREATE_COMPLETE"),
                "LogicalResourceId": getattr(r, "logical_resource_id", ""),
                "LastUpdatedTimestamp": now,
                "PhysicalResourceId": physical_of(r),
                "ResourceType": getattr(r, "cf_resource_type", ""),
            }
            for r in existing
        ]
        return responses.ActionResult({"StackResourceSummaries": summaries})

    responses.CloudFormationResponse.list_stack_resources = list_stack_resources


@patch
def ecs_services_reach_steady_state() -> None:
    """ECS starts the desired tasks of a service, new or updated, and its deployment completes
    (running = desired, rollout COMPLETED). moto leaves every service at 0 running tasks unless an
    environment variable fixes one count for all, and leaves a deployment's counts as they were
    when the desired count changes, so a rollout never settles."""
    from moto.ecs import models

    init_original = models.Service.__init__

    def __init__(self, *args, **kwargs):
        init_original(self, *args, **kwargs)
        self.running_count = self.desired_count
        self.pending_count = 0
        for d in self.deployments:
            d["runningCount"] = self.desired_count
            d["pendingCount"] = 0
            d["rolloutState"] = "COMPLETED"

    models.Service.__init__ = __init__

    update_original = models.EC2ContainerServiceBackend.update_service

    def update_service(self, *args, **kwargs):
        service = update_original(self, *args, **kwargs)
        service.running_count = service.desired_count
        service.pending_count = 0
        for d in service.deployments:
            d["desiredCount"] = d["runningCount"] = service.desired_count
            d["pendingCount"] = 0
            d["rolloutState"] = "COMPLETED"
        return service

    models.EC2ContainerServiceBackend.update_service = update_service



@patch
def stack_deletion() -> None:
    """DeleteStack as CloudFormation runs it: a resource that cannot be deleted leaves the stack
    DELETE_FAILED (still listed, its events readable) with the reason on that resource; moto drops
    the stack half-deleted and answers HTTP 500. A nested stack that fails to delete fails its
    parent's resource."""
    from moto.cloudformation import models

    Backend = models.CloudFormationBackend

    def delete_stack(self, name_or_stack_id):
        stack = self.stacks.get(name_or_stack_id) or next((s for s in self.stacks.values() if s.name == name_or_stack_id), None)
        if stack is None:
            return
        event(stack, stack.name, "AWS::CloudFormation::Stack", "DELETE_IN_PROGRESS", stack.stack_id, "User Initiated")
        stack.status = "DELETE_IN_PROGRESS"
        # moto retries deletions in passes while some succeed; the last error is the one that stuck.
        try:
            stack.resource_map.delete()
        except ResourceFailed as e:
            rtype = stack.resource_map._resource_json_map.get(e.logical_id, {}).get("Type", "")
            event(stack, e.logical_id, rtype, "DELETE_FAILED", physical_of(stack.resource_map._parsed_resources.get(e.logical_id)), e.reason)
            stack.status = "DELETE_FAILED"
            event(stack, stack.name, "AWS::CloudFormation::Stack", "DELETE_FAILED", stack.stack_id, f"The following resource(s) failed to delete: [{e.logical_id}]. ")
            raise ResourceFailed(None, f"Embedded stack {stack.stack_id} was not successfully deleted: {e.reason}") from e
        for export in stack.exports:
            self.exports.pop(export.name, None)
        self.stacks.pop(stack.stack_id, None)
        self.deleted_stacks[stack.stack_id] = stack
        stack.status = "DELETE_COMPLETE"
        event(stack, stack.name, "AWS::CloudFormation::Stack", "DELETE_COMPLETE", stack.stack_id)

    Backend.delete_stack = delete_stack

    from moto.cloudformation import responses

    def respond(self):
        try:
            self.cloudformation_backend.delete_stack(self._get_param("StackName"))
        except ResourceFailed:
            pass  # the stack is DELETE_FAILED; DeleteStack itself succeeded
        return responses.EmptyResult()

    responses.CloudFormationResponse.delete_stack = respond


@patch
def ecs_cluster_deletion() -> None:
    """CloudFormation deletes the ECS clusters it created (they become INACTIVE); moto has no
    CloudFormation delete for AWS::ECS::Cluster and leaves them ACTIVE."""
    from moto.ecs import models

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        models.ecs_backends[account_id][region_name].delete_cluster(resource_name)

    models.Cluster.delete_from_cloudformation_json = delete_from_cloudformation_json


@patch
def ecs_account_setting_default() -> None:
    """ECS PutAccountSettingDefault (used by `init`), which moto does not serve: it answers an
    HTML error page. Recorded like PutAccountSetting."""
    from moto.core.responses import ActionResult
    from moto.ecs import responses

    def put_account_setting_default(self):
        setting = self.ecs_backend.put_account_setting(self._get_param("name"), self._get_param("value"))
        return ActionResult({"setting": setting})

    responses.EC2ContainerServiceResponse.put_account_setting_default = put_account_setting_default


@patch
def resource_deletion() -> None:
    """CloudFormation deletes every resource of a stack it deletes (or rolls back). moto has no
    CloudFormation delete for several types our templates use, reports them deleted and leaves them
    in place, so a VPC then cannot be deleted ("has dependencies"). This gives them the delete
    CloudFormation performs: ECS services (scaled to 0, then deleted) and task definitions
    (deregistered); route tables, their subnet associations and routes; NAT gateways, Elastic IPs,
    internet gateways and their VPC attachments; VPC endpoints. Security-group ingress rules go
    with their group."""
    from moto.ec2.models import ec2_backends
    from moto.ec2.models.elastic_ip_addresses import ElasticAddress
    from moto.ec2.models.internet_gateways import InternetGateway
    from moto.ec2.models.nat_gateways import NatGateway
    from moto.ec2.models.route_tables import Route, RouteTable
    from moto.ec2.models.subnets import SubnetRouteTableAssociation
    from moto.ec2.models.vpcs import VPCEndPoint
    from moto.ec2.models.vpn_gateway import VPCGatewayAttachment
    from moto.ecs import models as ecs

    def deleter(cls, fn):
        def delete(self, account_id, region_name):
            fn(self, ec2_backends[account_id][region_name], account_id, region_name)

        cls.delete = delete

    def delete_route_table(rt, ec2, *_):
        for association_id in list(rt.associations):
            ec2.disassociate_route_table(association_id)
        ec2.delete_route_table(rt.id)

    def delete_association(a, ec2, *_):
        table = ec2.route_tables.get(a.route_table_id)
        for association_id, subnet_id in list(table.associations.items()) if table else []:
            if subnet_id == a.subnet_id:
                ec2.disassociate_route_table(association_id)

    def delete_route(r, ec2, *_):
        if r.route_table.id in ec2.route_tables:
            ec2.delete_route(r.route_table.id, r.destination_cidr_block, r.destination_ipv6_cidr_block)

    deleter(RouteTable, delete_route_table)
    deleter(SubnetRouteTableAssociation, delete_association)
    deleter(Route, delete_route)
    deleter(NatGateway, lambda n, ec2, *_: ec2.delete_nat_gateway(n.id))
    deleter(ElasticAddress, lambda e, ec2, *_: ec2.release_address(allocation_id=e.allocation_id))
    deleter(InternetGateway, lambda g, ec2, *_: ec2.delete_internet_gateway(g.id))
    deleter(VPCGatewayAttachment, lambda a, ec2, *_: ec2.detach_internet_gateway(a.gateway_id, a.vpc_id) if a.gateway_id and a.gateway_id.startswith("igw-") else None)

    def delete_endpoint(v, ec2, *_):
        # moto deletes in no particular order: the endpoint's route tables may be gone already.
        v.route_table_ids = [r for r in (v.route_table_ids or []) if r in ec2.route_tables]
        ec2.delete_vpc_endpoints([v.id])

    deleter(VPCEndPoint, delete_endpoint)
    deleter(ecs.Service, lambda s, _ec2, account, region: ecs.ecs_backends[account][region].delete_service(s.cluster_name, s.name, force=True))
    deleter(ecs.TaskDefinition, lambda t, _ec2, account, region: ecs.ecs_backends[account][region].deregister_task_definition(t.arn))


@patch
def tagging_resource_types() -> None:
    """Resource Groups Tagging API GetResources takes ResourceTypeFilters as "service" or
    "service:resourceType" ("sns:topic"); moto answers only "sns" for topics."""
    from moto.resourcegroupstaggingapi.models import ResourceGroupsTaggingAPIBackend

    ALIASES = {"sns:topic": "sns"}
    original = ResourceGroupsTaggingAPIBackend._get_resources_generator

    def _get_resources_generator(self, tag_filters=None, resource_type_filters=None):
        types = [ALIASES.get(t, t) for t in resource_type_filters] if resource_type_filters else resource_type_filters
        return original(self, tag_filters=tag_filters, resource_type_filters=types)

    ResourceGroupsTaggingAPIBackend._get_resources_generator = _get_resources_generator


@patch
def fn_sub_single_pass() -> None:
    """Fn::Sub replaces each `${...}` of its template once: a variable of its mapping, else a Ref
    or GetAtt (`${Res.Attr}`); `${!X}` is the literal `${X}`, and the text a variable brings in is
    never read again. moto substitutes the mapping first and then searches the result for
    references again, so `["${Dollar}{X}", {"Dollar": "$"}]` (the literal `${X}`) fails as a
    reference to X."""
    import re

    from moto.cloudformation import parsing

    original = parsing.clean_json
    token = re.compile(r"\$\{([^}]*)\}")

    def clean_json(resource_json, resources_map):
        if not (isinstance(resource_json, dict) and "Fn::Sub" in resource_json):
            return original(resource_json, resources_map)
        template = resource_json["Fn::Sub"]
        mapping = {}
        if isinstance(template, list):
            template, mapping = template[0], template[1]
        template = clean_json(template, resources_map)

        def replace(m):
            name = m.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if name in mapping:
                return str(clean_json(mapping[name], resources_map))
            if "." in name:
                value = clean_json({"Fn::GetAtt": name.split(".", 1)}, resources_map)
            else:
                value = clean_json({"Ref": name}, resources_map)
            return m.group(0) if value is None else str(value)

        return token.sub(replace, template)

    parsing.clean_json = clean_json


def rewrite_properties_before_create(model, rewrite) -> None:
    """Wraps `model.create_from_cloudformation_json`: `rewrite(resource_name, properties)` turns
    the template's properties into what moto's create expects (the same mapping: unchanged)."""
    create = model.create_from_cloudformation_json.__func__

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json.get("Properties", {})
        rewritten = rewrite(resource_name, props)
        if rewritten is not props:
            cloudformation_json = {**cloudformation_json, "Properties": rewritten}
        return create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)

    model.create_from_cloudformation_json = create_from_cloudformation_json


@patch
def ssm_parameter_tags() -> None:
    """AWS::SSM::Parameter takes its Tags as a mapping (`{key: value}`), as CloudFormation
    documents it; moto hands them to PutParameter as they are, which wants a list of
    `{Key, Value}`, and fails ("string indices must be integers"). A parameter without Name gets
    a generated one in CloudFormation; moto calls PutParameter with no name and fails
    ("'NoneType' object has no attribute 'lower'"): it gets the physical name moto generates."""
    from moto.ssm import models

    def rewrite(resource_name, props):
        tags = props.get("Tags")
        if isinstance(tags, dict):
            props = {**props, "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]}
        if not props.get("Name"):
            props = {**props, "Name": resource_name}
        return props

    rewrite_properties_before_create(models.Parameter, rewrite)


@patch
def kms_key_tags() -> None:
    """AWS::KMS::Key takes Tags as `{Key, Value}` like every CloudFormation type; moto hands them
    to CreateKey, whose API form is `{TagKey, TagValue}`, and fails ("'TagKey'")."""
    from moto.kms import models

    def rewrite(_resource_name, props):
        tags = props.get("Tags")
        if isinstance(tags, list):
            props = {**props, "Tags": [{"TagKey": t.get("Key"), "TagValue": t.get("Value")} for t in tags]}
        return props

    rewrite_properties_before_create(models.Key, rewrite)


@patch
def route53_zone_ids() -> None:
    """Route 53 hosted zone ids start with "Z" (Z1RWWTK7Y8UDDQ); moto draws 22 characters from
    A-Z and 0-9 with no fixed first letter, which a real id never looks like."""
    from moto.route53 import models

    original = models.create_route53_zone_id

    def create_route53_zone_id(*args, **kwargs):
        return "Z" + original(*args, **kwargs)[1:]

    models.create_route53_zone_id = create_route53_zone_id


@patch
def elbv2_listener_forward_config() -> None:
    """A listener's forward default action may name its target groups in `ForwardConfig` (without
    `TargetGroupArn`), as rules' actions already can in moto; its CloudFormation listener handler
    reads `TargetGroupArn` only and fails with KeyError 'TargetGroupArn'."""
    from moto.elbv2 import models

    original = models.ELBv2Backend.convert_and_validate_properties

    def convert_and_validate_properties(self, properties):
        actions = properties["DefaultActions"]
        if not any(a.get("Type") == "forward" and "TargetGroupArn" not in a for a in actions):
            return original(self, properties)
        return [a if a.get("Type") == "forward" and "TargetGroupArn" not in a else original(self, {"DefaultActions": [a]})[0] for a in actions]

    models.ELBv2Backend.convert_and_validate_properties = convert_and_validate_properties


@patch
def acm_certificates() -> None:
    """AWS::CertificateManager::Certificate creates a certificate in ACM (its Ref is the ARN), so
    that an HTTPS listener can use it. moto's CloudFormation has no model for it (an opaque
    resource whose ARN ACM does not know: "Supplied certificate was not found")."""
    from moto.acm.models import acm_backends
    from moto.cloudformation import parsing
    from moto.core.common_models import CloudFormationModel

    class Certificate(CloudFormationModel):
        __module__ = "moto.acm.cloudformation"

        def __init__(self, arn):
            self.arn = arn

        @property
        def physical_resource_id(self):
            return self.arn

        @staticmethod
        def cloudformation_type():
            return "AWS::CertificateManager::Certificate"

        @staticmethod
        def cloudformation_name_type():
            return ""

        @classmethod
        def has_cfn_attr(cls, attr):
            return False

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
            p = cloudformation_json.get("Properties", {})
            tags = [{"Key": t["Key"], "Value": t["Value"]} for t in p.get("Tags", [])]
            arn = acm_backends[account_id][region_name].request_certificate(p["DomainName"], None, p.get("SubjectAlternativeNames", []), tags)
            return cls(arn)

        @classmethod
        def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
            return original_resource

        def delete(self, account_id, region_name):
            acm_backends[account_id][region_name].delete_certificate(self.arn)

    original = parsing.resource_class_from_type

    def resource_class_from_type(resource_type):
        return Certificate if resource_type == Certificate.cloudformation_type() else original(resource_type)

    parsing.resource_class_from_type = resource_class_from_type


@patch
def rds_cluster_members() -> None:
    """AWS::RDS::DBInstance with DBClusterIdentifier is a member of that cluster and takes its
    engine version from it. moto's CloudFormation model drops DBClusterIdentifier and creates a
    stand-alone instance, which fails without an EngineVersion for an Aurora engine (KeyError)."""
    from moto.rds import models

    current = {}
    cfn_original = models.DBInstance.create_from_cloudformation_json.__func__
    create_original = models.RDSBackend.create_db_instance

    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        current["cluster"] = cloudformation_json.get("Properties", {}).get("DBClusterIdentifier")
        try:
            return cfn_original(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
        finally:
            current.pop("cluster", None)

    def create_db_instance(self, db_kwargs):
        cluster_id = current.get("cluster")
        if cluster_id and not db_kwargs.get("db_cluster_identifier"):
            db_kwargs = dict(db_kwargs)
            # the Ref of a cluster keeps the case of its generated name; the cluster is filed in lower case
            key = next((k for k in self.clusters if k.lower() == cluster_id.lower()), cluster_id)
            db_kwargs["db_cluster_identifier"] = key
            cluster = self.clusters.get(key)
            if cluster is not None and not db_kwargs.get("engine_version"):
                db_kwargs["engine_version"] = cluster.engine_version
        return create_original(self, db_kwargs)

    models.DBInstance.create_from_cloudformation_json = classmethod(create_from_cloudformation_json)
    models.RDSBackend.create_db_instance = create_db_instance


@patch
def rds_clusters() -> None:
    """AWS::RDS::DBCluster creates an RDS cluster (DescribeDBClusters lists it; its Ref is the
    cluster identifier; Endpoint.*, ReadEndpoint.Address, DBClusterArn and DBClusterResourceId
    are readable) and deleting the stack deletes it. moto has no CloudFormation model for it."""
    from moto.cloudformation import parsing
    from moto.core.common_models import CloudFormationModel
    from moto.moto_api._internal import mock_random
    from moto.rds.models import rds_backends

    class RdsCluster(CloudFormationModel):
        __module__ = "moto.rds.cluster"

        def __init__(self, cluster, account, region):
            self.cluster = cluster
            self.account = account
            self.region = region

        @property
        def physical_resource_id(self):
            return self.cluster.db_cluster_identifier

        @staticmethod
        def cloudformation_type():
            return "AWS::RDS::DBCluster"

        @staticmethod
        def cloudformation_name_type():
            return "DBClusterIdentifier"

        @classmethod
        def has_cfn_attr(cls, attr):
            return attr in ("Endpoint.Address", "Endpoint.Port", "ReadEndpoint.Address", "DBClusterArn", "DBClusterResourceId")

        def get_cfn_attribute(self, attr):
            c = self.cluster
            return {
                "Endpoint.Address": c.endpoint,
                "Endpoint.Port": str(c.port),
                "ReadEndpoint.Address": c.reader_endpoint,
                "DBClusterArn": c.db_cluster_arn,
                "DBClusterResourceId": c.db_cluster_resource_id,
            }[attr]

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
            p = cloudformation_json.get("Properties", {})
            suffix = "".join(mock_random.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(12))
            identifier = p.get("DBClusterIdentifier") or f"{resource_name[:40].lower()}-{suffix}"
            group = p.get("DBSubnetGroupName")
            cluster = rds_backends[account_id][region_name].create_db_cluster(
                {
                    "db_cluster_identifier": identifier,
                    "engine": p.get("Engine"),
                    "engine_version": p.get("EngineVersion"),
                    "master_username": p.get("MasterUsername"),
                    "master_user_password": p.get("MasterUserPassword"),
                    "database_name": p.get("DatabaseName"),
                    "db_subnet_group_name": getattr(group, "name", group),
                    "vpc_security_group_ids": p.get("VpcSecurityGroupIds", []),
                    "port": p.get("Port"),
                    "storage_encrypted": p.get("StorageEncrypted", False),
                    "backup_retention_period": p.get("BackupRetentionPeriod", 1),
                    "tags": p.get("Tags"),
                }
            )
            return cls(cluster, account_id, region_name)

        @classmethod
        def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
            return original_resource

        def delete(self, account_id, region_name):
            rds_backends[account_id][region_name].delete_db_cluster(cluster_identifier=self.cluster.db_cluster_identifier)

    original = parsing.resource_class_from_type

    def resource_class_from_type(resource_type):
        return RdsCluster if resource_type == "AWS::RDS::DBCluster" else original(resource_type)

    parsing.resource_class_from_type = resource_class_from_type


@patch
def secrets_manager_secrets() -> None:
    """AWS::SecretsManager::Secret creates a secret (SecretString, or GenerateSecretString: the
    template with a generated GenerateStringKey) whose Ref is its ARN, deleted with the stack.
    moto has no CloudFormation model for it (it would be an opaque resource with a name for Ref)."""
    import json

    from moto.cloudformation import parsing
    from moto.core.common_models import CloudFormationModel
    from moto.moto_api._internal import mock_random
    from moto.secretsmanager.models import secretsmanager_backends

    class Secret(CloudFormationModel):
        __module__ = "moto.secretsmanager.cfn"

        def __init__(self, arn, name):
            self.arn = arn
            self.name = name

        @property
        def physical_resource_id(self):
            return self.arn

        @staticmethod
        def cloudformation_type():
            return "AWS::SecretsManager::Secret"

        @staticmethod
        def cloudformation_name_type():
            return "Name"

        @classmethod
        def has_cfn_attr(cls, attr):
            return attr == "Id"

        def get_cfn_attribute(self, attr):
            return self.arn

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
            p = cloudformation_json.get("Properties", {})
            name = p.get("Name") or f"{resource_name[:40]}-{''.join(mock_random.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') for _ in range(12))}"
            value = p.get("SecretString")
            gen = p.get("GenerateSecretString")
            if value is None and gen is not None:
                length = int(gen.get("PasswordLength", 32))
                excluded = set(gen.get("ExcludeCharacters", ""))
                alphabet = [ch for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&*+-=?^_" if ch not in excluded]
                generated = "".join(mock_random.choice(alphabet) for _ in range(length))
                if gen.get("GenerateStringKey"):
                    doc = json.loads(gen.get("SecretStringTemplate", "{}"))
                    doc[gen["GenerateStringKey"]] = generated
                    value = json.dumps(doc)
                else:
                    value = generated
            created = secretsmanager_backends[account_id][region_name].create_secret(
                name=name,
                secret_string=value,
                secret_binary=None,
                description=p.get("Description"),
                tags=p.get("Tags"),
                kms_key_id=p.get("KmsKeyId"),
                client_request_token=None,
                replica_regions=[],
                force_overwrite=False,
            )
            arn = json.loads(created)["ARN"] if isinstance(created, str) else created["ARN"]
            return cls(arn, name)

        @classmethod
        def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
            return original_resource

        def delete(self, account_id, region_name):
            secretsmanager_backends[account_id][region_name].delete_secret(self.arn, None, True)

    original = parsing.resource_class_from_type

    def resource_class_from_type(resource_type):
        return Secret if resource_type == "AWS::SecretsManager::Secret" else original(resource_type)

    parsing.resource_class_from_type = resource_class_from_type


@patch
def efs_attributes() -> None:
    """AWS::EFS::FileSystem gives Fn::GetAtt Arn and FileSystemId, and AWS::EFS::AccessPoint its
    Ref (the access point id) and Fn::GetAtt Arn and AccessPointId; moto's models have no
    get_cfn_attribute ("'FileSystem' object has no attribute 'get_cfn_attribute'") and no
    physical id for an access point."""
    from moto.efs import models

    def file_system_attribute(self, attr):
        return {"Arn": self.file_system_arn, "FileSystemId": self.file_system_id}[attr]

    def access_point_attribute(self, attr):
        return {"Arn": self.access_point_arn, "AccessPointId": self.access_point_id}[attr]

    models.FileSystem.get_cfn_attribute = file_system_attribute
    models.AccessPoint.get_cfn_attribute = access_point_attribute
    models.AccessPoint.physical_resource_id = property(lambda self: self.access_point_id)
