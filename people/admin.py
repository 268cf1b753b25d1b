from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from people.models import Note, Segment, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """Tags are created and edited here; staff put them on people from a person's page too."""

    list_display = ["name", "description", "people_count"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["people"]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(people_total=Count("people"))

    @admin.display(description=_("people"), ordering="people_total")
    def people_count(self, obj):
        return obj.people_total


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    """Staff's notes about people: corrected here if need be (written from a person's page)."""

    list_display = ["created_at", "person", "author", "body"]
    list_select_related = ["person", "author"]
    search_fields = ["body", "person__email", "person__last_name"]
    autocomplete_fields = ["person"]
    readonly_fields = ["author", "created_at"]
    date_hierarchy = "created_at"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    """Saved searches: renamed or deleted here; their filters are set from the people search."""

    list_display = ["name", "created_by", "updated_at"]
    search_fields = ["name"]
    readonly_fields = ["filters", "created_by", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False  # a segment is a search: it is saved from the people search
