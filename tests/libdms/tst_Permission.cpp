// SPDX-License-Identifier: GPL-3.0-or-later
#include "access/Session.h"
#include "core/Ids.h"

#include <QTest>

using namespace dms;

class tst_Permission : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roleTable_data()
    {
        QTest::addColumn<int>("role");
        QTest::addColumn<int>("permission");
        QTest::addColumn<bool>("granted");
        QTest::newRow("clerk registers") << int(Role::Clerk) << int(Permission::RegisterDocument) << true;
        QTest::newRow("clerk cannot annul")
            << int(Role::Clerk) << int(Permission::AnnulRegistration) << false;
        QTest::newRow("clerk cannot manage users")
            << int(Role::Clerk) << int(Permission::ManageUsers) << false;
        QTest::newRow("clerk no restricted") << int(Role::Clerk) << int(Permission::ReadRestricted) << false;
        QTest::newRow("official resolves")
            << int(Role::Official) << int(Permission::AssignResolution) << true;
        QTest::newRow("official cannot register")
            << int(Role::Official) << int(Permission::RegisterDocument) << false;
        QTest::newRow("official no personal data")
            << int(Role::Official) << int(Permission::ViewPersonalData) << false;
        QTest::newRow("official signs outgoing")
            << int(Role::Official) << int(Permission::SignOutgoing) << true;
        QTest::newRow("clerk cannot sign outgoing")
            << int(Role::Clerk) << int(Permission::SignOutgoing) << false;
        QTest::newRow("auditor cannot sign outgoing")
            << int(Role::Auditor) << int(Permission::SignOutgoing) << false;
        QTest::newRow("admin annuls")
            << int(Role::Administrator) << int(Permission::AnnulRegistration) << true;
        QTest::newRow("auditor reads journal") << int(Role::Auditor) << int(Permission::ReadJournal) << true;
        QTest::newRow("auditor changes nothing")
            << int(Role::Auditor) << int(Permission::RegisterDocument) << false;
        QTest::newRow("auditor no personal data")
            << int(Role::Auditor) << int(Permission::ViewPersonalData) << false;
    }

    void roleTable()
    {
        QFETCH(int, role);
        QFETCH(int, permission);
        QFETCH(bool, granted);
        QCOMPARE(roleGrants(Role(role), Permission(permission)), granted);
        const Session session {Ids::create(), QStringLiteral("u"), {Role(role)}};
        QCOMPARE(session.can(Permission(permission)), granted);
        QCOMPARE(session.require(Permission(permission)).ok(), granted);
        if (!granted)
            QCOMPARE(session.require(Permission(permission)).error().code, ErrorCode::PermissionDenied);
    }

    void anonymousSessionMayDoNothing()
    {
        const Session nobody;
        QVERIFY(!nobody.can(Permission::ReadDocuments));
        const Session roleless {Ids::create(), QStringLiteral("x"), {}};
        QVERIFY(!roleless.can(Permission::ReadDocuments));
    }

    void rolesRoundTrip()
    {
        for (Role role : allRoles()) {
            QCOMPARE(roleFromName(roleName(role)), std::optional<Role>(role));
            QVERIFY(!roleDisplayName(role).isEmpty());
        }
        QVERIFY(!roleFromName(QStringLiteral("root")).has_value());
    }

    void idsAreTimeOrderedUuids()
    {
        const QString a = Ids::create(QDateTime::fromMSecsSinceEpoch(1000, Qt::UTC));
        const QString b = Ids::create(QDateTime::fromMSecsSinceEpoch(2000, Qt::UTC));
        QVERIFY(Ids::isValid(a));
        QVERIFY(a < b);
        QCOMPARE(a.at(14), QLatin1Char('7'));
        QVERIFY(!Ids::isValid(QStringLiteral("'; DROP TABLE x; --")));
        QVERIFY(Ids::create() != Ids::create());
    }
};

QTEST_GUILESS_MAIN(tst_Permission)
#include "tst_Permission.moc"
