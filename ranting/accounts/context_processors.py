from ranting.accounts.models import User


def role(request):
    user = getattr(request, "user", None)
    current = user.role if user is not None and user.is_authenticated else ""
    return {"role": current, "Role": User.Role}
