from django import template

from fordeling import tabell

register = template.Library()

register.filter("merker", tabell.merker)
