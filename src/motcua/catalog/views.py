from django.shortcuts import render


def public_list(request):
    return render(request, "core/home.html")
