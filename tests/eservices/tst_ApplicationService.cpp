// SPDX-License-Identifier: GPL-3.0-or-later
// Applications for administrative services: intake, idempotency, validation,
// status changes with the deadline stopped and resumed, and the citizen's
// status check, on SQLite and PostgreSQL.
#include "EServiceFixture.h"
#include "TempDatabase.h"
#include "eservices/AccessCode.h"
#include "eservices/ApplicationRequestParser.h"
#include "eservices/ApplicationService.h"
#include "eservices/AttachmentVerifier.h"
#include "eservices/ServiceCatalogue.h"
#include "services/CalendarService.h"
#include "services/CaseService.h"
#include "services/DocumentService.h"
#include "services/RegistrationService.h"
#include "storage/BlobStore.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace dms;

namespace {

/** Accepts any signature but "bad". */
class FakeVerifier final : public AttachmentVerifier
{
public:
    Status verify(const ApplicationAttachment &attachment) const override
    {
        if (attachment.signature == "bad")
            return makeError(ErrorCode::InvalidInput,
                             QStringLiteral("The signature does not match the file."));
        return {};
    }
};

QByteArray sha256(const QJsonObject &json)
{
    return QCryptographicHash::hash(QJsonDocument(json).toJson(QJsonDocument::Compact),
                                    QCryptographicHash::Sha256)
        .toHex();
}

ApplicationRequest parse(const QJsonObject &json)
{
    auto parsed = ApplicationRequestParser::parse(json);
    Q_ASSERT(parsed);
    return *parsed;
}

} // namespace

class tst_ApplicationService : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_blobDir;
    FakeVerifier m_verifier;

    bool addService(TempDatabase &db)
    {
        return bool(ServiceCatalogue(db.context()).put(db.admin, test::sketchService(db.incomingRegisterId)));
    }

private Q_SLOTS:
    void submitRegistersAndStartsTheDeadline()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(addService(db));
        BlobStore blobs(m_blobDir.path());
        ApplicationService service(db.context(), &blobs, &m_verifier);
        const QJsonObject json = test::applicationJson(QStringLiteral("portal-1"));
        auto receipt = service.submit(db.clerk, parse(json), sha256(json));
        QVERIFY2(receipt, qPrintable(receipt ? QString() : receipt.error().toString()));
        QVERIFY(!receipt->repeated);
        QCOMPARE(receipt->accessCode.size(), AccessCode::kLength);
        // Received Tue 8 Sep 2020; 14 working days, 22 September is a holiday.
        QCOMPARE(receipt->deadline, QDate(2020, 9, 29));

        auto registration = RegistrationService(db.context()).findByIndex(receipt->registrationIndex);
        QVERIFY(registration);
        QCOMPARE(registration->registerId, db.incomingRegisterId);
        QVERIFY(!registration->caseId.isEmpty());
        auto document = DocumentService(db.context(), blobs).get(db.clerk, registration->documentId);
        QVERIFY(document);
        QCOMPARE(document->channel, Channel::EService);
        QVERIFY(!document->correspondentId.isEmpty());
        QCOMPARE(document->files.size(), 1);
        QCOMPARE(document->files.constFirst().name, QStringLiteral("skica.pdf"));

        auto status = service.publicStatus(receipt->registrationIndex, receipt->accessCode);
        QVERIFY2(status, qPrintable(status ? QString() : status.error().toString()));
        QCOMPARE(status->status, ApplicationStatus::Received);
        QCOMPARE(status->deadline, QDate(2020, 9, 29));
        QCOMPARE(status->serviceIisdaNumber, QStringLiteral("2079"));
        QCOMPARE(status->history.size(), 1);
        QCOMPARE(status->caseDocuments.size(), 1);
        QCOMPARE(status->caseDocuments.constFirst().index, receipt->registrationIndex);
        // Lower case and dashes are accepted as typed by people.
        QString typed = receipt->accessCode.toLower();
        typed.insert(4, QLatin1Char('-'));
        QVERIFY(service.publicStatus(receipt->registrationIndex, typed));
    }

    void wrongCodeAndUnknownIndexAnswerAlike()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(addService(db));
        BlobStore blobs(m_blobDir.path());
        ApplicationService service(db.context(), &blobs, &m_verifier);
        const QJsonObject json = test::applicationJson(QStringLiteral("portal-2"));
        auto receipt = service.submit(db.clerk, parse(json), sha256(json));
        QVERIFY(receipt);
        auto wrongCode = service.publicStatus(receipt->registrationIndex, QStringLiteral("ABCDEFGHJKMN"));
        auto unknownIndex = service.publicStatus(QStringLiteral("ВК66-99/01.01.2020"), receipt->accessCode);
        auto empty = service.publicStatus(QString(), QString());
        QVERIFY(!wrongCode && !unknownIndex && !empty);
        QCOMPARE(wrongCode.error().code, ErrorCode::NotFound);
        QCOMPARE(wrongCode.error().message, unknownIndex.error().message);
        QCOMPARE(wrongCode.error().detail, unknownIndex.error().detail);
        QCOMPARE(empty.error().message, unknownIndex.error().message);
    }

    void repeatedSubmissionIsIdempotent()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(addService(db));
        BlobStore blobs(m_blobDir.path());
        ApplicationService service(db.context(), &blobs, &m_verifier);
        const QJsonObject json = test::applicationJson(QStringLiteral("portal-3"));
        auto first = service.submit(db.clerk, parse(json), sha256(json));
        QVERIFY(first);
        db.clock.advance(3600 * 1000);
        auto again = service.submit(db.clerk, parse(json), sha256(json));
        QVERIFY2(again, qPrintable(again ? QString() : again.error().toString()));
        QVERIFY(again->repeated);
        QCOMPARE(again->applicationId, first->applicationId);
        QCOMPARE(again->registrationIndex, first->registrationIndex);
        QCOMPARE(again->accessCode, first->accessCode);
        QCOMPARE(again->deadline, first->deadline);

        // The same reference with another body is a conflict and registers nothing.
        const QJsonObject other = test::applicationJson(QStringLiteral("portal-3"), "another sketch");
        auto conflict = service.submit(db.clerk, parse(other), sha256(other));
        QVERIFY(!conflict);
        QCOMPARE(conflict.error().code, ErrorCode::Conflict);
        QCOMPARE(conflict.error().detail, QStringLiteral("clientReference"));
        auto next = service.submit(db.clerk, parse(test::applicationJson(QStringLiteral("portal-4"))),
                                   sha256(test::applicationJson(QStringLiteral("portal-4"))));
        QVERIFY(next);
        // Gap-free: the conflict took no number.
        auto a = RegistrationService(db.context()).findByIndex(first->registrationIndex);
        auto b = RegistrationService(db.context()).findByIndex(next->registrationIndex);
        QVERIFY(a && b);
        QCOMPARE(b->number, a->number + 1);
    }

    void refusesInvalidApplications_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("field");
        QTest::newRow("unknown service") << "service"
                                         << "service";
        QTest::newRow("missing attachment") << "no-attachment"
                                            << "attachments.sketch";
        QTest::newRow("bad signature") << "bad-signature"
                                       << "attachments[0].signature";
        QTest::newRow("bad file name") << "bad-name"
                                       << "attachments[0].name";
    }
    void refusesInvalidApplications()
    {
        QFETCH(QString, change);
        QFETCH(QString, field);
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(addService(db));
        BlobStore blobs(m_blobDir.path());
        ApplicationService service(db.context(), &blobs, &m_verifier);
        ApplicationRequest request = parse(test::applicationJson(QStringLiteral("portal-x")));
        if (change == QLatin1String("service"))
            request.serviceIisdaNumber = QStringLiteral("9999");
        else if (change == QLatin1String("no-attachment"))
            request.attachments.first().type = QStringLiteral("other");
        else if (change == QLatin1String("bad-signature"))
            request.attachments.first().signature = "bad";
        else if (change == QLatin1String("bad-name"))
            request.attachments.first().name = QStringLiteral("../../etc/passwd");
        auto receipt = service.submit(db.clerk, request, "00");
        QVERIFY(!receipt);
        QCOMPARE(receipt.error().code, ErrorCode::InvalidInput);
        QCOMPARE(receipt.error().detail, field);
        // Nothing was registered: the next valid application takes number 1.
        const QJsonObject valid = test::applicationJson(QStringLiteral("portal-y"));
        auto accepted = service.submit(db.clerk, parse(valid), sha256(valid));
        QVERIFY(accepted);
        auto registration = RegistrationService(db.context()).findByIndex(accepted->registrationIndex);
        QVERIFY(registration);
        QCOMPARE(registration->number, 1);
    }

    void signedAttachmentsNeedAVerifier()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(addService(db));
        BlobStore blobs(m_blobDir.path());
        ApplicationService service(db.context(), &blobs, nullptr);
        ApplicationRequest request = parse(test::applicationJson(QStringLiteral("portal-s")));
        request.attachments.first().signature = "good";
        auto receipt = service.submit(db.clerk, request, "00");
        QVERIFY(!receipt);
        QCOMPARE(receipt.error().detail, QStringLiteral("attachments[0].signature"));
        // With one, the signature is stored beside the file.
        ApplicationService checked(db.context(), &blobs, &m_verifier);
        auto accepted = checked.submit(db.clerk, request, "00");
        QVERIFY(accepted);
        auto registration = RegistrationService(db.context()).findByIndex(accepted->registrationIndex);
        auto files = DocumentService(db.context(), blobs).files(db.clerk, registration->documentId);
        QVERIFY(files);
        QCOMPARE(files->size(), 2);
    }

    void needsPermission()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(addService(db));
        BlobStore blobs(m_blobDir.path());
        ApplicationService service(db.context(), &blobs, &m_verifier);
        auto receipt = service.submit(db.auditor, parse(test::applicationJson(QStringLiteral("p"))), "00");
        QCOMPARE(receipt.error().code, ErrorCode::PermissionDenied);
    }

    void waitingStopsAndResumesTheDeadline()
    {
        DMS_OPEN_TEMP_DATABASE(db);
        QVERIFY(addService(db));
        BlobStore blobs(m_blobDir.path());
        ApplicationService service(db.context(), &blobs, &m_verifier);
        const QJsonObject json = test::applicationJson(QStringLiteral("portal-5"));
        auto receipt = service.submit(db.clerk, parse(json), sha256(json));
        QVERIFY(receipt);
        const QString index = receipt->registrationIndex;

        db.clock.set(QDateTime(QDate(2020, 9, 10), QTime(8, 0), Qt::UTC));
        QVERIFY(service.changeStatus(db.clerk, index, ApplicationStatus::InProgress));
        db.clock.set(QDateTime(QDate(2020, 9, 17), QTime(8, 0), Qt::UTC));
        QVERIFY(service.changeStatus(db.clerk, index, ApplicationStatus::WaitingForApplicant));
        auto waiting = service.publicStatus(index, receipt->accessCode);
        QVERIFY(waiting);
        QCOMPARE(waiting->status, ApplicationStatus::WaitingForApplicant);
        QVERIFY(!waiting->deadline.isValid());
        QCOMPARE(waiting->remainingWorkingDays, 7);

        // A day off set in the office's calendar while waiting counts on resumption.
        QVERIFY(CalendarService(db.context())
                    .setDay(db.admin, QDate(2020, 10, 12), false, QStringLiteral("moved")));
        db.clock.set(QDateTime(QDate(2020, 10, 5), QTime(8, 0), Qt::UTC));
        QVERIFY(service.changeStatus(db.clerk, index, ApplicationStatus::InProgress));
        auto resumed = service.publicStatus(index, receipt->accessCode);
        QVERIFY(resumed);
        QCOMPARE(resumed->deadline, QDate(2020, 10, 15));
        QCOMPARE(resumed->remainingWorkingDays, -1);

        db.clock.set(QDateTime(QDate(2020, 10, 8), QTime(8, 0), Qt::UTC));
        QVERIFY(service.changeStatus(db.clerk, index, ApplicationStatus::Done));
        auto done = service.publicStatus(index, receipt->accessCode);
        QVERIFY(done);
        QCOMPARE(done->status, ApplicationStatus::Done);
        const QList<ApplicationStatus> expected {ApplicationStatus::Received, ApplicationStatus::InProgress,
                                                 ApplicationStatus::WaitingForApplicant,
                                                 ApplicationStatus::InProgress, ApplicationStatus::Done};
        QCOMPARE(done->history.size(), expected.size());
        for (int i = 0; i < expected.size(); ++i)
            QCOMPARE(done->history.at(i).status, expected.at(i));
        QCOMPARE(done->history.at(2).deadline, QDate());
        QCOMPARE(done->history.at(3).deadline, QDate(2020, 10, 15));

        // Final: no further change, and nothing back to received.
        QCOMPARE(service.changeStatus(db.clerk, index, ApplicationStatus::Refused).error().code,
                 ErrorCode::InvalidState);
        QCOMPARE(service.changeStatus(db.clerk, QStringLiteral("nope"), ApplicationStatus::Done).error().code,
                 ErrorCode::NotFound);
        QCOMPARE(service.changeStatus(db.auditor, index, ApplicationStatus::Done).error().code,
                 ErrorCode::PermissionDenied);
    }

    void statusTransitions()
    {
        QVERIFY(canChange(ApplicationStatus::Received, ApplicationStatus::Refused));
        QVERIFY(canChange(ApplicationStatus::WaitingForApplicant, ApplicationStatus::Done));
        QVERIFY(!canChange(ApplicationStatus::InProgress, ApplicationStatus::InProgress));
        QVERIFY(!canChange(ApplicationStatus::InProgress, ApplicationStatus::Received));
        QVERIFY(!canChange(ApplicationStatus::Refused, ApplicationStatus::InProgress));
        for (const QString &name :
             {QStringLiteral("received"), QStringLiteral("in_progress"), QStringLiteral("waiting_applicant"),
              QStringLiteral("done"), QStringLiteral("refused")})
            QCOMPARE(toName(*applicationStatusFromName(name)), name);
        QVERIFY(!applicationStatusFromName(QStringLiteral("Done")));
    }

    void accessCodes()
    {
        const QString a = AccessCode::generate();
        QCOMPARE(a.size(), AccessCode::kLength);
        QVERIFY(a != AccessCode::generate());
        for (const QChar c : a)
            QVERIFY(!QStringLiteral("01OIL").contains(c));
        const QByteArray salt = AccessCode::newSalt();
        const QByteArray hash = AccessCode::hash(salt, a);
        QVERIFY(AccessCode::matches(salt, hash, a));
        QVERIFY(!AccessCode::matches(salt, hash, a.left(11)));
        QVERIFY(!AccessCode::matches(AccessCode::newSalt(), hash, a));
        QVERIFY(!AccessCode::equalConstantTime("abc", "abcd"));
        QVERIFY(AccessCode::equalConstantTime("abc", "abc"));
        const QByteArray masked = AccessCode::mask(salt, "secret", a.toLatin1().toHex());
        QVERIFY(masked != a.toLatin1().toHex());
        QCOMPARE(AccessCode::mask(salt, "secret", masked), a.toLatin1().toHex());
        QVERIFY(AccessCode::mask(salt, "other", masked) != a.toLatin1().toHex());
    }

    void parserRefusesBadInput_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("field");
        QTest::newRow("no reference") << "clientReference" << QJsonValue() << "clientReference";
        QTest::newRow("reference with space")
            << "clientReference" << QJsonValue(QStringLiteral("a b")) << "clientReference";
        QTest::newRow("reference number") << "clientReference" << QJsonValue(5) << "clientReference";
        QTest::newRow("no service") << "service" << QJsonValue() << "service";
        QTest::newRow("bad egn") << "applicant.egn" << QJsonValue(QStringLiteral("7501010011"))
                                 << "applicant.egn";
        QTest::newRow("egn letters") << "applicant.egn" << QJsonValue(QStringLiteral("75010100ab"))
                                     << "applicant.egn";
        QTest::newRow("no egn") << "applicant.egn" << QJsonValue() << "applicant.egn";
        QTest::newRow("kind") << "applicant.kind" << QJsonValue(QStringLiteral("alien")) << "applicant.kind";
        QTest::newRow("company bad eik")
            << "applicant.company" << QJsonValue(QStringLiteral("123456780")) << "applicant.eik";
        QTest::newRow("no name") << "applicant.name" << QJsonValue() << "applicant.name";
        QTest::newRow("no applicant") << "applicant" << QJsonValue() << "applicant";
        QTest::newRow("attachments object") << "attachments" << QJsonValue(QJsonObject()) << "attachments";
        QTest::newRow("attachment not object")
            << "attachments" << QJsonValue(QJsonArray {1}) << "attachments[0]";
        QTest::newRow("bad base64") << "attachments[0].content" << QJsonValue(QStringLiteral("@@@"))
                                    << "attachments[0].content";
        QTest::newRow("empty content")
            << "attachments[0].content" << QJsonValue(QString()) << "attachments[0].content";
        QTest::newRow("bad signature base64")
            << "attachments[0].signature" << QJsonValue(QStringLiteral("!")) << "attachments[0].signature";
        QTest::newRow("no type") << "attachments[0].type" << QJsonValue() << "attachments[0].type";
    }
    void parserRefusesBadInput()
    {
        QFETCH(QString, path);
        QFETCH(QJsonValue, value);
        QFETCH(QString, field);
        QJsonObject json = test::applicationJson(QStringLiteral("portal-p"));
        const auto set = [&value](QJsonObject &object, const QString &key) {
            if (value.isNull())
                object.remove(key);
            else
                object.insert(key, value);
        };
        if (path.startsWith(QLatin1String("applicant."))) {
            QJsonObject applicant = json.value(QStringLiteral("applicant")).toObject();
            if (path == QLatin1String("applicant.company")) {
                applicant.insert(QStringLiteral("kind"), QStringLiteral("company"));
                applicant.insert(QStringLiteral("eik"), value);
            } else {
                set(applicant, path.mid(10));
            }
            json.insert(QStringLiteral("applicant"), applicant);
        } else if (path.startsWith(QLatin1String("attachments[0]."))) {
            QJsonArray attachments = json.value(QStringLiteral("attachments")).toArray();
            QJsonObject first = attachments.at(0).toObject();
            set(first, path.mid(15));
            attachments[0] = first;
            json.insert(QStringLiteral("attachments"), attachments);
        } else {
            set(json, path);
        }
        auto parsed = ApplicationRequestParser::parse(json);
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().code, ErrorCode::InvalidInput);
        QCOMPARE(parsed.error().detail, field);
        // Personal numbers never reach an error.
        QVERIFY(!parsed.error().message.contains(test::validEgn()));
    }

    void parserAcceptsACompany()
    {
        QJsonObject json = test::applicationJson(QStringLiteral("portal-c"));
        json.insert(QStringLiteral("applicant"),
                    QJsonObject {{QStringLiteral("kind"), QStringLiteral("company")},
                                 {QStringLiteral("eik"), test::validEik()},
                                 {QStringLiteral("name"), QStringLiteral("Фирма ООД")}});
        auto parsed = ApplicationRequestParser::parse(json);
        QVERIFY(parsed);
        QCOMPARE(parsed->applicant.kind, Applicant::Kind::Company);
        QCOMPARE(parsed->applicant.eik, test::validEik());
        QCOMPARE(parsed->attachments.constFirst().content, QByteArray("sketch bytes"));
    }
};

QTEST_GUILESS_MAIN(tst_ApplicationService)
#include "tst_ApplicationService.moc"
