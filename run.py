"""Start the portal locally with demo data: ``python run.py`` (http://127.0.0.1:8080).

Creates the schema when missing and loads the demo data into an empty database.
``PORT`` changes the port, ``DATABASE_URL`` the database. Production runs gunicorn
instead (see README).
"""

import os

os.environ.setdefault("PORTAL_DEMO", "1")

from app import create_app  # noqa: E402  (PORTAL_DEMO must be set before config loads)

app = create_app()


def main() -> None:
    from app.demo import DEMO_LOGINS, DEMO_PASSWORD, load_demo_data
    from app.setup import prepare_database

    with app.app_context():
        prepare_database()
        if load_demo_data():
            print("Demo data loaded.")
    port = int(os.environ.get("PORT", "8080"))
    print(f"\nEquipment Service Portal on http://127.0.0.1:{port}/")
    print(f"Demo logins, every one with the password {DEMO_PASSWORD}:")
    for username, role, customer in DEMO_LOGINS:
        print(f"  {username:<15} {role:<10} {customer}")
    print()
    app.run(host="127.0.0.1", port=port, debug=False)


if __name__ == "__main__":
    main()
