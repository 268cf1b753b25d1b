from django.urls import path

from actions import group_views, public_views, views

app_name = "actions"

urlpatterns = [
    # The secretariat's registry of SI circulars.
    path("circulars/", views.circular_list, name="circular_list"),
    path("circulars/new/", views.circular_create, name="circular_create"),
    path("circulars/<int:pk>/", views.circular_detail, name="circular_detail"),
    path("circulars/<int:pk>/edit/", views.circular_edit, name="circular_edit"),
    path("circulars/<int:pk>/assign/", views.circular_assign, name="circular_assign"),
    path("circulars/<int:pk>/close/", views.circular_close, name="circular_close"),
    path("circulars/<int:pk>/documents/", views.attachment_upload, name="attachment_upload"),
    path(
        "circulars/<int:pk>/documents/<int:attachment>/",
        views.attachment_download,
        name="attachment_download",
    ),
    # The coordinator's inbox and proposals.
    path("inbox/", views.inbox, name="inbox"),
    path(
        "assignments/<int:pk>/acknowledge/",
        views.assignment_acknowledge,
        name="assignment_acknowledge",
    ),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_results, name="proposal_results"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/publish/", views.proposal_publish, name="proposal_publish"),
    path("proposals/<int:pk>/close/", views.proposal_close, name="proposal_close"),
    path("proposals/<int:pk>/remind/", views.proposal_remind, name="proposal_remind"),
    path("proposals/<int:pk>/public/", public_views.proposal_public, name="proposal_public"),
    # The groups' side: what was proposed to them, and their follow-up.
    path("groups/<slug:group>/", views.group_proposals, name="group_proposals"),
    path("groups/<slug:group>/proposals/<int:pk>/report/", views.report_edit, name="report_edit"),
    # The action page of a group the proposal went to, its documents and its letters.
    path("groups/<slug:group>/proposals/<int:pk>/", group_views.action_page, name="action_page"),
    path(
        "groups/<slug:group>/proposals/<int:pk>/documents/<int:document>/",
        group_views.action_document,
        name="action_document",
    ),
    path(
        "groups/<slug:group>/proposals/<int:pk>/letters/<int:target>/",
        group_views.action_letter,
        name="action_letter",
    ),
    path("report/<str:token>/", views.report_by_link, name="report_by_link"),
    # The public action pages (no log-in): a proposal its coordination or staff made public.
    path("act/<slug:slug>/", public_views.public_action, name="public_action"),
    path(
        "act/<slug:slug>/participate/",
        public_views.public_action_participate,
        name="public_action_participate",
    ),
]
