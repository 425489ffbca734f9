from django import template

from alerts import active

register = template.Library()


@register.inclusion_tag("components/site_alerts.html", takes_context=True)
def site_alerts(context):
    """Every page's alert banner: the published alerts whose time has come and not yet gone."""
    return {"alerts": active.current(context.get("request"))}
