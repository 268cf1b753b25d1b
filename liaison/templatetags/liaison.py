"""The directory's contacts on other apps' pages: a group's page for its people, a
coordination's panel in My space for its coordinator. One query each."""

from django import template

from liaison import selectors

register = template.Library()


@register.inclusion_tag("liaison/includes/group_contacts.html")
def group_secretariat_contacts(group):
    return {"contacts": selectors.contacts_for_group(group)}


@register.inclusion_tag("liaison/includes/contacts.html")
def coordination_secretariat_contacts(coordination):
    return {"contacts": selectors.contacts_for_coordination(coordination)}
