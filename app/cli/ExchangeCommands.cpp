// SPDX-License-Identifier: GPL-3.0-or-later
#include "ExchangeCommands.h"

#ifdef DMS_HAVE_EXCHANGE

#include "ExitCode.h"
#include "Invocation.h"
#include "core/Tr.h"
#include "exchange/RegistryFile.h"
#include "exchange/store/Inbox.h"
#include "exchange/store/Outbox.h"
#include "exchange/store/ParticipantDirectory.h"

#ifdef DMS_HAVE_EXCHANGE_SEND
#include "ServerConfig.h"
#include "exchange/ExchangeIdentity.h"
#include "exchange/ExchangeSendCommand.h"
#include "exchange/ExchangeService.h"
#include "exchange/message/ExchangeGuid.h"
#include "exchange/registry/RegistryClient.h"
#include "exchange/registry/RegistryRefresher.h"
#include "exchange/transport/HttpsTransport.h"
#include "services/DocumentService.h"
#include "services/RegistrationService.h"
#include "storage/BlobStore.h"

#endif

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

namespace dms::cli {

namespace {

using namespace dms::exchange;

QString stateName(OutboxEntry::State state)
{
    switch (state) {
    case OutboxEntry::State::Pending:
        return QStringLiteral("pending");
    case OutboxEntry::State::Sent:
        return QStringLiteral("sent");
    case OutboxEntry::State::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

int runOutbox(Invocation &cli)
{
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    if (auto allowed = session->require(Permission::ReadDocuments); !allowed)
        return cli.fail(allowed.error());
    auto entries = Outbox(cli.database(), cli.context().clock).list();
    if (!entries)
        return cli.fail(entries.error());
    QJsonArray array;
    for (const OutboxEntry &e : std::as_const(*entries)) {
        if (cli.json()) {
            array.append(QJsonObject {{QStringLiteral("id"), e.id},
                                      {QStringLiteral("messageGuid"), e.messageGuid},
                                      {QStringLiteral("recipient"), e.recipientGuid},
                                      {QStringLiteral("type"), e.messageType},
                                      {QStringLiteral("documentGuid"), e.documentGuid},
                                      {QStringLiteral("state"), stateName(e.state)},
                                      {QStringLiteral("attempts"), e.attempts},
                                      {QStringLiteral("nextAttempt"), e.nextAttemptAt.toString(Qt::ISODate)},
                                      {QStringLiteral("lastError"), e.lastError}});
        } else {
            cli.console().line(QStringLiteral("%1  %2  %3  %4  %5  %6")
                                   .arg(e.id, stateName(e.state), e.messageType, e.recipientGuid,
                                        QString::number(e.attempts), e.lastError));
        }
    }
    if (cli.json())
        cli.console().json(array);
    return ExitOk;
}

int runInbox(Invocation &cli)
{
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    if (auto allowed = session->require(Permission::ReadDocuments); !allowed)
        return cli.fail(allowed.error());
    auto entries = Inbox(cli.database(), cli.context().clock).list();
    if (!entries)
        return cli.fail(entries.error());
    QJsonArray array;
    for (const InboxEntry &e : std::as_const(*entries)) {
        if (cli.json()) {
            array.append(QJsonObject {{QStringLiteral("id"), e.id},
                                      {QStringLiteral("sender"), e.senderGuid},
                                      {QStringLiteral("documentGuid"), e.documentGuid},
                                      {QStringLiteral("status"), documentStatusName(e.status)},
                                      {QStringLiteral("number"), e.receiverNumber},
                                      {QStringLiteral("rejectionReason"), e.rejectionReason}});
        } else {
            cli.console().line(
                QStringLiteral("%1  %2  %3  %4  %5")
                    .arg(e.id, documentStatusName(e.status), e.senderGuid, e.documentGuid, e.receiverNumber));
        }
    }
    if (cli.json())
        cli.console().json(array);
    return ExitOk;
}

int runResend(Invocation &cli)
{
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    if (auto allowed = session->require(Permission::RegisterDocument); !allowed)
        return cli.fail(allowed.error());
    if (auto done = Outbox(cli.database(), cli.context().clock).resend(cli.arguments().at(0)); !done)
        return cli.fail(done.error());
    cli.console().line(Tr::tr("The message will be sent again."));
    return ExitOk;
}

int runImportRegistry(Invocation &cli)
{
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    if (auto allowed = session->require(Permission::ManageRegistries); !allowed)
        return cli.fail(allowed.error());
    QFile file(cli.arguments().at(0));
    if (!file.open(QIODevice::ReadOnly))
        return cli.fail(makeError(ErrorCode::NotFound, Tr::tr("The file cannot be read."), file.fileName()));
    auto records = RegistryFile::parse(file.readAll());
    if (!records)
        return cli.fail(records.error());
    if (auto done = ParticipantDirectory(cli.database(), cli.context().clock).replaceAll(*records); !done)
        return cli.fail(done.error());
    if (cli.json())
        cli.console().json(QJsonObject {{QStringLiteral("participants"), int(records->size())}});
    else
        cli.console().line(Tr::tr("Imported %1 participants.").arg(records->size()));
    return ExitOk;
}

#ifdef DMS_HAVE_EXCHANGE_SEND
/** Queues a registered document for another administration; delovod-server delivers it. */
int runSend(Invocation &cli)
{
    const auto configPath = cli.required(QStringLiteral("config"));
    if (!configPath)
        return ExitUsage;
    auto config = server::ServerConfig::load(*configPath);
    if (!config)
        return cli.fail(config.error());
    if (!config->exchangeEnabled)
        return cli.fail(makeError(
            ErrorCode::InvalidInput,
            Tr::tr("The exchange is not enabled in this configuration ([exchange] enabled)."), *configPath));
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    if (auto allowed = session->require(Permission::RegisterDocument); !allowed)
        return cli.fail(allowed.error());
    auto registration = RegistrationService(cli.context()).findByIndex(cli.arguments().at(0));
    if (!registration)
        return cli.fail(registration.error());
    if (registration->status != RegistrationStatus::Active)
        return cli.fail(makeError(ErrorCode::InvalidInput, Tr::tr("An annulled registration cannot be sent."),
                                  registration->index));
    // The server's blob store: the files are attached from it, streamed when signed.
    BlobStore blobs(config->blobDir(cli.databaseConfig().isSqlite() ? cli.databaseConfig().path : QString()));
    auto document = DocumentService(cli.context(), blobs).get(*session, registration->documentId);
    if (!document)
        return cli.fail(document.error());
    auto files = DocumentService(cli.context(), blobs).files(*session, registration->documentId);
    if (!files)
        return cli.fail(files.error());
    auto attachments = ExchangeSendCommand::attachmentsOf(*files, blobs);
    if (!attachments)
        return cli.fail(attachments.error());
    auto identity = server::ExchangeIdentity::load(*config, cli.context().clock);
    if (!identity)
        return cli.fail(identity.error());

    DocumentRegistrationRequest request;
    request.docId.kind = DocumentId::Kind::Number;
    request.docId.number = {registration->index, registration->registeredOn};
    request.docId.guid = ExchangeGuid::create();
    request.kind = document->kind;
    request.about = document->subject;
    request.comment = cli.value(QStringLiteral("comment")).trimmed();
    request.attachments = *attachments;
    ExchangeService service(cli.context(), (*identity)->self(), (*identity)->signer(),
                            (*identity)->verifier());
    service.setBlobStore(&blobs);
    auto queued = service.sendDocument(cli.arguments().at(1), request, registration->documentId);
    if (!queued)
        return cli.fail(queued.error());
    if (cli.json())
        cli.console().json(QJsonObject {{QStringLiteral("outboxId"), *queued},
                                        {QStringLiteral("documentGuid"), request.docId.guid}});
    else
        cli.console().line(Tr::tr("Queued as %1 (document GUID %2); delovod-server delivers it.")
                               .arg(*queued, request.docId.guid));
    return ExitOk;
}

/** Refreshes the offline participant copy from the registry service now. */
int runRefreshRegistry(Invocation &cli)
{
    const auto configPath = cli.required(QStringLiteral("config"));
    if (!configPath)
        return ExitUsage;
    auto config = server::ServerConfig::load(*configPath);
    if (!config)
        return cli.fail(config.error());
    if (config->exchangeRegistryUrl.isEmpty())
        return cli.fail(makeError(
            ErrorCode::InvalidInput,
            Tr::tr("No registry service in this configuration ([exchange] registry_url)."), *configPath));
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    if (auto allowed = session->require(Permission::ManageRegistries); !allowed)
        return cli.fail(allowed.error());
    HttpsTransport transport(
        {config->exchangeCertificateFile, config->exchangeKeyFile, config->exchangePeersCaFile, 60000});
    RegistryClient client(transport, config->exchangeRegistryUrl);
    ParticipantDirectory directory(cli.database(), cli.context().clock);
    RegistryRefresher refresher(directory, client, cli.context().clock,
                                std::chrono::seconds(config->exchangeRegistryRefreshIntervalS));
    auto done = refresher.refresh(cli.isSet(QStringLiteral("full")));
    if (!done)
        return cli.fail(done.error());
    if (cli.json())
        cli.console().json(
            QJsonObject {{QStringLiteral("full"), done->full},
                         {QStringLiteral("records"), done->records},
                         {QStringLiteral("skipped"), QJsonArray::fromStringList(done->skipped)}});
    else
        cli.console().line(Tr::tr("Participant registry refreshed: %1 record(s), %2 skipped.")
                               .arg(done->records)
                               .arg(done->skipped.size()));
    return ExitOk;
}
#endif

} // namespace

QList<Command> exchangeCommands()
{
    QList<Command> commands;

#ifdef DMS_HAVE_EXCHANGE_SEND
    Command send;
    send.words = {QStringLiteral("exchange"), QStringLiteral("send")};
    send.arguments = QStringLiteral("INDEX PARTICIPANT-GUID --config FILE");
    send.summary = Tr::tr("send a registered document to another administration over СЕОС");
    send.description = Tr::tr("Builds a signed registration request for the document registered under INDEX "
                              "(its number, date, kind and subject, with the newest version of each of its "
                              "files) to the participant with this GUID in the "
                              "registry copy, and puts it in the outbox; delovod-server delivers it. Our "
                              "identity and transport key are the [exchange] section of the server's "
                              "configuration file.");
    send.options = {QCommandLineOption(QStringLiteral("config"),
                                       Tr::tr("The delovod-server configuration file with [exchange]."),
                                       QStringLiteral("FILE")),
                    QCommandLineOption(QStringLiteral("comment"), Tr::tr("A comment for the receiver."),
                                       QStringLiteral("TEXT"))};
    send.examples = {QStringLiteral("exchange send СОА26-ИЗ01-7 {22222222-2222-4222-8222-222222222222} "
                                    "--config /etc/delovod/delovod-server.conf")};
    send.minArguments = 2;
    send.maxArguments = 2;
    send.hasJson = true;
    send.run = runSend;
    commands << send;

    Command refresh;
    refresh.words = {QStringLiteral("exchange"), QStringLiteral("registry-refresh")};
    refresh.arguments = QStringLiteral("--config FILE");
    refresh.summary = Tr::tr("refresh the СЕОС participant registry from the registry service");
    refresh.description
        = Tr::tr("Asks the registry service of the [exchange] section (registry_url, with the "
                 "transport certificate) for the changes since the last one seen, or for all "
                 "records the first time or with --full, and updates the offline copy. "
                 "delovod-server does the same periodically.");
    refresh.options
        = {QCommandLineOption(QStringLiteral("config"),
                              Tr::tr("The delovod-server configuration file with [exchange]."),
                              QStringLiteral("FILE")),
           QCommandLineOption(QStringLiteral("full"), Tr::tr("Fetch all records and replace the copy."))};
    refresh.examples
        = {QStringLiteral("exchange registry-refresh --config /etc/delovod/delovod-server.conf")};
    refresh.hasJson = true;
    refresh.run = runRefreshRegistry;
    commands << refresh;
#endif

    Command outbox;
    outbox.words = {QStringLiteral("exchange"), QStringLiteral("outbox")};
    outbox.summary = Tr::tr("list the СЕОС outbox");
    outbox.description = Tr::tr("Lists the messages to other administrations with their delivery state, "
                                "attempts and last error.");
    outbox.examples = {QStringLiteral("exchange outbox --json")};
    outbox.hasJson = true;
    outbox.run = runOutbox;
    commands << outbox;

    Command inbox;
    inbox.words = {QStringLiteral("exchange"), QStringLiteral("inbox")};
    inbox.summary = Tr::tr("list the СЕОС inbox");
    inbox.description = Tr::tr("Lists the documents received from other administrations with their status "
                               "and, once registered, our registration index.");
    inbox.examples = {QStringLiteral("exchange inbox")};
    inbox.hasJson = true;
    inbox.run = runInbox;
    commands << inbox;

    Command resend;
    resend.words = {QStringLiteral("exchange"), QStringLiteral("resend")};
    resend.arguments = QStringLiteral("ID");
    resend.summary = Tr::tr("send a failed СЕОС message again");
    resend.description = Tr::tr("Puts a failed outbox message back in the queue, due now, with a fresh "
                                "retry schedule. The message is resent unchanged.");
    resend.minArguments = 1;
    resend.maxArguments = 1;
    resend.run = runResend;
    commands << resend;

    Command import;
    import.words = {QStringLiteral("exchange"), QStringLiteral("registry-import")};
    import.arguments = QStringLiteral("FILE");
    import.summary = Tr::tr("replace the СЕОС participant registry from a file");
    import.description = Tr::tr("For closed networks without the registry service: reads a JSON array of "
                                "participants (guid, identifier, name, certificateSN, endpoint, active) and "
                                "replaces the offline copy. Nothing is imported when a record is invalid.");
    import.examples = {QStringLiteral("exchange registry-import participants.json")};
    import.minArguments = 1;
    import.maxArguments = 1;
    import.hasJson = true;
    import.run = runImportRegistry;
    commands << import;

    return commands;
}

} // namespace dms::cli

#else

namespace dms::cli {

QList<Command> exchangeCommands()
{
    return {};
}

} // namespace dms::cli

#endif
