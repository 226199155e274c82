from django.urls import URLPattern, path

from placecraft.partners import views

P = "p/<slug:place>/"
ORG = P + "partners/<slug:org>/"
C = P + "commitments/<int:pk>/"

urlpatterns: list[URLPattern] = [
    path(P + "partners/", views.partner_list, name="partner_list"),
    path(ORG, views.partner_detail, name="partner_detail"),
    path(ORG + "edit/", views.partner_edit, name="partner_edit"),
    path(ORG + "contacts/new/", views.contact_add, name="contact_add"),
    path(ORG + "contacts/<int:pk>/remove/", views.contact_remove, name="contact_remove"),
    path(ORG + "action-plan/", views.action_plan_start, name="action_plan_start"),
    path(ORG + "data/", views.pool_data, name="pool_data"),
    path(P + "commitments/", views.commitment_list, name="commitment_list"),
    path(P + "commitments/new/", views.commitment_create, name="commitment_create"),
    path(C, views.commitment_detail, name="commitment_detail"),
    path(C + "edit/", views.commitment_edit, name="commitment_edit"),
    path(C + "updates/new/", views.commitment_update, name="commitment_update"),
    path(P + "funding/", views.funding_list, name="funding_list"),
    path(P + "funding/new/", views.funding_create, name="funding_create"),
    path(P + "funding/<int:pk>/edit/", views.funding_edit, name="funding_edit"),
    path(P + "funding/missions/<slug:slug>/", views.mission_funding, name="mission_funding"),
    path(P + "grants/", views.grant_list, name="grant_list"),
    path(P + "grants/import/", views.grant_import, name="grant_import"),
    path(P + "grants/rules/", views.grant_rules, name="grant_rules"),
    path(P + "grants/rules/<int:pk>/delete/", views.grant_rule_delete, name="grant_rule_delete"),
    path(P + "grants/360giving.json", views.grant_export, name="grant_export"),
    path(P + "grants/<int:pk>/", views.grant_detail, name="grant_detail"),
    path(P + "grants/<int:pk>/missions/", views.grant_missions, name="grant_missions"),
    path(P + "contracts/", views.contract_list, name="contract_list"),
    path(P + "contracts/import/", views.contract_import, name="contract_import"),
    path(P + "contracts/<int:pk>/", views.contract_detail, name="contract_detail"),
    path(P + "contracts/<int:pk>/missions/", views.contract_missions, name="contract_missions"),
    path(
        P + "contracts/<int:pk>/social-value/",
        views.contract_social_value,
        name="contract_social_value",
    ),
    path(P + "system-map/", views.system_map, name="system_map"),
    path(P + "system-map/kumu.json", views.system_map_kumu, name="system_map_kumu"),
    path(P + "system-map/nodes.csv", views.system_map_nodes, name="system_map_nodes"),
    path(P + "system-map/edges.csv", views.system_map_edges, name="system_map_edges"),
]
