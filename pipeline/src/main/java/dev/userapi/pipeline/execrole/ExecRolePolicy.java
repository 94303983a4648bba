package dev.userapi.pipeline.execrole;

import dev.userapi.pipeline.policy.IamActions;
import dev.userapi.pipeline.template.Resource;
import dev.userapi.pipeline.template.Template;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Derives the CloudFormation execution role's policy from the resource types of a template: each
 * type's published handler actions ({@link PermissionTable}), scoped by {@link Scopes}, with
 * {@code Resource: "*"} only for actions the Service Authorization Reference ({@link IamActions})
 * gives no resource types.
 */
public final class ExecRolePolicy {
    static final String UNMATCHED = "no grant in exec-role-scopes.yaml: the handler needs it only for a property the project does not "
            + "use (a customer KMS key, a VPC, a delivery role...); add a grant there when a template does";

    private final PermissionTable table;
    private final Scopes scopes;
    private final IamActions catalogue;

    public ExecRolePolicy(PermissionTable table, Scopes scopes, IamActions catalogue) {
        this.table = table;
        this.scopes = scopes;
        this.catalogue = catalogue;
    }

    public static ExecRolePolicy shipped() {
        return new ExecRolePolicy(PermissionTable.shipped(), Scopes.shipped(), IamActions.catalogue());
    }

    /** The resource types of {@code template}, sorted (the policy must not depend on the order of the resources). */
    public static Set<String> typesOf(Template template) {
        Set<String> out = new TreeSet<>();
        for (Resource r : template.resources().values()) {
            if (r.type() != null) {
                out.add(r.type());
            }
        }
        return out;
    }

    public DerivedPolicy derive(Template template) {
        return derive(typesOf(template));
    }

    public DerivedPolicy derive(Collection<String> resourceTypes) {
        Map<String, Builder> allows = new LinkedHashMap<>();
        Map<String, Builder> denies = new LinkedHashMap<>();
        Builder unscoped = new Builder(scopes.unscopedSid(), scopes.unscopedWhy(), true, List.of(PolicyStatement.ANY), Map.of());
        List<TypeSummary> summaries = new ArrayList<>();
        List<DerivedPolicy.Unmanageable> unmanageable = new ArrayList<>();
        for (String type : new TreeSet<>(resourceTypes)) {
            Optional<HandlerPermissions> published = table.find(type);
            Optional<Scopes.TypeScope> scope = scopes.find(type);
            if (published.isEmpty()) {
                unmanageable.add(new DerivedPolicy.Unmanageable(type, "resource-permissions.json has no published handler permissions for it: "
                        + "run scripts/refresh-resource-permissions.sh " + type + ", give it a scope in exec-role-scopes.yaml"));
                continue;
            }
            if (scope.isEmpty()) {
                unmanageable.add(new DerivedPolicy.Unmanageable(type, "exec-role-scopes.yaml does not say on which names the execution role "
                        + "may manage it: add the type with a grant scoped to the app's name pattern"));
                continue;
            }
            Map<String, String> granted = new LinkedHashMap<>();
            Map<String, String> withheld = new LinkedHashMap<>();
            List<String> ignored = new ArrayList<>();
            List<String> scopedActions = new ArrayList<>();
            for (String name : published.get().stackActions()) {
                String action = canonical(name);
                Optional<IamActions.Action> known = catalogue.find(action);
                if (known.isEmpty()) {
                    ignored.add(name);
                    continue;
                }
                String reason = withheldReason(scope.get(), action);
                if (reason != null) {
                    withheld.put(action, reason);
                    continue;
                }
                Optional<Scopes.Grant> grant = scope.get().grants().stream()
                        .filter(g -> g.match().stream().anyMatch(m -> IamActions.covers(m, action))).findFirst();
                if (grant.isEmpty()) {
                    withheld.put(action, UNMATCHED);
                    continue;
                }
                if (!known.get().resourceLevel()) {
                    unscoped.add(action);
                    granted.put(action, unscoped.sid);
                    continue;
                }
                Scopes.Grant g = grant.get();
                allows.computeIfAbsent(g.sid(), sid -> new Builder(sid, g.why(), true, g.resources(), g.condition())).check(g).add(action);
                granted.put(action, g.sid());
                scopedActions.add(action);
            }
            for (Scopes.Protection p : scope.get().protect()) {
                Builder deny = denies.computeIfAbsent(p.sid(), sid -> new Builder(sid, p.why(), false, p.resources(), Map.of()));
                scopedActions.forEach(deny::add);
            }
            summaries.add(new TypeSummary(type, published.get().source(), published.get().retrieved(), granted, withheld, ignored));
        }
        List<PolicyStatement> statements = new ArrayList<>();
        allows.values().forEach(b -> statements.add(b.build()));
        if (!unscoped.actions.isEmpty()) {
            statements.add(unscoped.build());
        }
        denies.values().stream().filter(b -> !b.actions.isEmpty()).forEach(b -> statements.add(b.build()));
        return new DerivedPolicy(statements, summaries, unmanageable);
    }

    /** Service prefixes are lower case in IAM; a schema sometimes writes {@code S3:GetBucketWebsite}. */
    static String canonical(String action) {
        int colon = action.indexOf(':');
        return colon < 0 ? action : action.substring(0, colon).toLowerCase(Locale.ROOT) + action.substring(colon);
    }

    private static String withheldReason(Scopes.TypeScope scope, String action) {
        for (Map.Entry<String, String> e : scope.withheld().entrySet()) {
            if (e.getKey().equalsIgnoreCase(action)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Collects one statement's actions; every contribution under one Sid must agree on resources and condition. */
    private static final class Builder {
        final String sid;
        final String why;
        final boolean allow;
        final List<String> resources;
        final Map<String, Object> condition;
        final Set<String> actions = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

        Builder(String sid, String why, boolean allow, List<String> resources, Map<String, Object> condition) {
            this.sid = sid;
            this.why = why;
            this.allow = allow;
            this.resources = resources;
            this.condition = condition;
        }

        Builder check(Scopes.Grant g) {
            if (!g.resources().equals(resources) || !g.condition().equals(condition)) {
                throw new IllegalStateException(Scopes.RESOURCE + ": grants named " + sid + " differ in resources or condition; "
                        + "give them different sids");
            }
            return this;
        }

        void add(String action) {
            actions.add(action);
        }

        PolicyStatement build() {
            return new PolicyStatement(sid, why, allow, List.copyOf(actions), resources, condition);
        }
    }
}
