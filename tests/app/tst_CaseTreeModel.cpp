// SPDX-License-Identifier: GPL-3.0-or-later
// CaseTreeModel over a real desk replica (an embedded desk of a TempDatabase office).
#include "EmbeddedDesk.h"
#include "TempDatabase.h"
#include "cases/CaseTreeModel.h"
#include "desk/DeskCaseReader.h"
#include "services/CaseService.h"
#include "services/RegistrationService.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace dms;

class tst_CaseTreeModel : public QObject
{
    Q_OBJECT

private:
    static NewRegistration incoming(const QString &registerId, const QString &subject, AccessLevel access)
    {
        NewRegistration request;
        request.registerId = registerId;
        request.document.kind = QStringLiteral("Писмо");
        request.document.subject = subject;
        request.document.accessLevel = access;
        return request;
    }

private Q_SLOTS:
    void listsCaseFilesWithTheirEntries()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        RegistrationService registrations(db.context());
        NewRegistration opening = incoming(db.incomingRegisterId, "Основа", AccessLevel::Internal);
        opening.openCase = true;
        auto base = registrations.registerDocument(db.admin, opening);
        QVERIFY(base.ok());
        auto secret = registrations.registerDocument(
            db.admin, incoming(db.incomingRegisterId, "Таен", AccessLevel::Restricted));
        QVERIFY(secret.ok());
        QVERIFY(CaseService(db.context()).attachDocument(db.admin, base->caseId, secret->documentId).ok());
        NewRegistration second = incoming(db.incomingRegisterId, "Втора", AccessLevel::Internal);
        second.openCase = true;
        QVERIFY(registrations.registerDocument(db.admin, second).ok());

        auto desk = EmbeddedDesk::open(db);
        QVERIFY(desk);
        QVERIFY(desk->connection->signIn("admin").ok());
        QVERIFY(desk->sync());

        DeskCaseReader reader(desk->connection->local());
        CaseTreeModel model(reader);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.reload(desk->connection->session()).ok());
        QCOMPARE(model.rowCount(), 2);
        const QModelIndex first = model.indexOfCase(base->caseId);
        QVERIFY(first.isValid());
        QCOMPARE(first.data().toString(), base->index);
        QCOMPARE(model.rowCount(first), 2);
        const QModelIndex child = model.index(1, CaseTreeModel::SubjectColumn, first);
        QCOMPARE(child.parent(), first);
        QCOMPARE(child.data().toString(), QStringLiteral("Таен"));
        QCOMPARE(child.data(CaseTreeModel::DocumentIdRole).toString(), secret->documentId);
        QCOMPARE(child.data(CaseTreeModel::CaseIdRole).toString(), base->caseId);
        QCOMPARE(model.rowCount(child), 0);
        QCOMPARE(model.caseAt(child)->id, base->caseId);

        // Who may not read restricted documents sees the case without the subject.
        Session clerk = desk->connection->session();
        clerk.roles = {Role::Clerk};
        QVERIFY(model.reload(clerk).ok());
        const QModelIndex again = model.indexOfCase(base->caseId);
        QCOMPARE(model.index(1, CaseTreeModel::SubjectColumn, again).data().toString(),
                 QStringLiteral("(restricted)"));
        // Without the right to read, nothing.
        Session nobody = clerk;
        nobody.roles.clear();
        QCOMPARE(model.reload(nobody).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.indexOfCase(base->caseId).isValid());
        QVERIFY(!model.caseAt({}));
        desk->connection->stop();
    }
};

QTEST_MAIN(tst_CaseTreeModel)
#include "tst_CaseTreeModel.moc"
