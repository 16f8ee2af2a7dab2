// SPDX-License-Identifier: GPL-3.0-or-later
#include "SyncCommands.h"

#include "ExitCode.h"
#include "Invocation.h"
#include "core/Tr.h"
#include "sync/DeskDirectory.h"
#include "sync/NumberLeases.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

namespace dms::cli {

namespace {

constexpr qint64 kMaxCertificateBytes = 64 * 1024;

/** The SHA-256 of a certificate file's DER form; the file is PEM or DER. */
Result<QString> fingerprintOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::NotFound, Tr::tr("Cannot read the certificate file."), path);
    const QByteArray content = file.read(kMaxCertificateBytes + 1);
    if (content.size() > kMaxCertificateBytes)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The certificate file is too large."), path);
    QByteArray der = content;
    const QByteArray begin("-----BEGIN CERTIFICATE-----");
    const QByteArray end("-----END CERTIFICATE-----");
    const qsizetype from = content.indexOf(begin);
    if (from >= 0) {
        const qsizetype to = content.indexOf(end, from);
        if (to < 0)
            return makeError(ErrorCode::InvalidInput, Tr::tr("The certificate file is not a certificate."),
                             path);
        auto decoded
            = QByteArray::fromBase64Encoding(content.mid(from + begin.size(), to - from - begin.size())
                                                 .replace('\r', QByteArray())
                                                 .replace('\n', QByteArray()),
                                             QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return makeError(ErrorCode::InvalidInput, Tr::tr("The certificate file is not a certificate."),
                             path);
        der = *decoded;
    }
    // A DER certificate is an ASN.1 SEQUENCE with a long-form length.
    if (der.size() < 4 || static_cast<unsigned char>(der.at(0)) != 0x30
        || (static_cast<unsigned char>(der.at(1)) & 0x80) == 0)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The certificate file is not a certificate."), path);
    return QString::fromLatin1(QCryptographicHash::hash(der, QCryptographicHash::Sha256).toHex());
}

/** The desk with this name or id. */
Result<Desk> findDesk(DeskDirectory &desks, const QString &nameOrId)
{
    auto all = desks.list();
    if (!all)
        return all.error();
    for (const Desk &desk : std::as_const(*all))
        if (desk.name == nameOrId.trimmed() || desk.id == nameOrId.trimmed())
            return desk;
    return makeError(ErrorCode::NotFound, Tr::tr("No such desk."), nameOrId);
}

QJsonObject deskJson(const Desk &desk)
{
    return {{QStringLiteral("id"), desk.id},
            {QStringLiteral("name"), desk.name},
            {QStringLiteral("certSha256"), desk.certSha256},
            {QStringLiteral("active"), desk.active}};
}

QJsonObject leaseJson(const NumberLease &lease)
{
    return {{QStringLiteral("id"), lease.id},
            {QStringLiteral("registerId"), lease.registerId},
            {QStringLiteral("year"), lease.year},
            {QStringLiteral("deskId"), lease.deskId},
            {QStringLiteral("first"), lease.firstNumber},
            {QStringLiteral("last"), lease.lastNumber},
            {QStringLiteral("grantedAt"), lease.grantedAt.toString(Qt::ISODateWithMs)},
            {QStringLiteral("active"), lease.active}};
}

int runDeskAdd(Invocation &cli)
{
    const bool byFile = cli.isSet(QStringLiteral("certificate"));
    if (byFile == cli.isSet(QStringLiteral("fingerprint")))
        return cli.usage(Tr::tr("Give either --certificate or --fingerprint."));
    QString fingerprint;
    if (byFile) {
        auto computed = fingerprintOf(cli.value(QStringLiteral("certificate")));
        if (!computed)
            return cli.fail(computed.error());
        fingerprint = *computed;
    } else {
        fingerprint = cli.value(QStringLiteral("fingerprint")).trimmed().toLower().remove(QLatin1Char(':'));
    }
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    DeskDirectory desks(cli.context());
    auto desk = desks.add(*session, cli.arguments().value(0), fingerprint);
    if (!desk)
        return cli.fail(desk.error());
    if (cli.json())
        cli.console().json(deskJson(*desk));
    else
        cli.console().line(Tr::tr("Registered desk %1 (%2).").arg(desk->name, desk->id));
    return ExitOk;
}

int runDeskList(Invocation &cli)
{
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    if (auto allowed = session->require(Permission::ManageUsers); !allowed)
        return cli.fail(allowed.error());
    auto all = DeskDirectory(cli.context()).list();
    if (!all)
        return cli.fail(all.error());
    if (cli.json()) {
        QJsonArray array;
        for (const Desk &desk : std::as_const(*all))
            array.append(deskJson(desk));
        cli.console().json(array);
        return ExitOk;
    }
    QList<QStringList> rows;
    for (const Desk &desk : std::as_const(*all))
        rows.append(
            {desk.name, desk.id, desk.certSha256, desk.active ? Tr::tr("active") : Tr::tr("removed")});
    cli.console().table({Tr::tr("Name"), Tr::tr("Id"), Tr::tr("Certificate SHA-256"), Tr::tr("State")}, rows);
    return ExitOk;
}

int runDeskRemove(Invocation &cli)
{
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    DeskDirectory desks(cli.context());
    auto desk = findDesk(desks, cli.arguments().value(0));
    if (!desk)
        return cli.fail(desk.error());
    if (auto removed = desks.remove(*session, desk->id); !removed)
        return cli.fail(removed.error());
    cli.console().line(Tr::tr("Removed desk %1.").arg(desk->name));
    return ExitOk;
}

int runLeaseGrant(Invocation &cli)
{
    const auto registerCode = cli.required(QStringLiteral("register"));
    const auto deskName = cli.required(QStringLiteral("desk"));
    if (!registerCode || !deskName)
        return ExitUsage;
    const auto count = cli.integer(QStringLiteral("count"), 0, 1, NumberLeases::kMaxBlockSize);
    if (!count)
        return ExitUsage;
    if (*count == 0)
        return cli.usage(Tr::tr("Give the block size with --count."));
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    auto reg = cli.findRegister(*registerCode, cli.value(QStringLiteral("registry")).trimmed());
    if (!reg)
        return cli.fail(reg.error());
    DeskDirectory desks(cli.context());
    auto desk = findDesk(desks, *deskName);
    if (!desk)
        return cli.fail(desk.error());
    auto lease = NumberLeases(cli.context()).grant(*session, reg->id, desk->id, *count);
    if (!lease)
        return cli.fail(lease.error());
    if (cli.json())
        cli.console().json(leaseJson(*lease));
    else
        cli.console().line(Tr::tr("Leased numbers %1 to %2 of %3 to desk %4; lease %5.")
                               .arg(lease->firstNumber)
                               .arg(lease->lastNumber)
                               .arg(reg->code, desk->name, lease->id));
    return ExitOk;
}

int runLeaseReturn(Invocation &cli)
{
    const auto reason = cli.required(QStringLiteral("reason"));
    if (!reason)
        return ExitUsage;
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    auto annulled
        = NumberLeases(cli.context()).returnLease(*session, cli.arguments().value(0).trimmed(), *reason);
    if (!annulled)
        return cli.fail(annulled.error());
    if (cli.json())
        cli.console().json(QJsonObject {{QStringLiteral("annulled"), *annulled}});
    else
        cli.console().line(Tr::tr("Lease returned; %1 unused numbers annulled.").arg(*annulled));
    return ExitOk;
}

int runLeaseList(Invocation &cli)
{
    auto session = cli.openSession();
    if (!session)
        return cli.fail(session.error());
    if (auto allowed = session->require(Permission::ManageRegistries); !allowed)
        return cli.fail(allowed.error());
    DeskDirectory desks(cli.context());
    QString deskId;
    if (cli.isSet(QStringLiteral("desk"))) {
        auto desk = findDesk(desks, cli.value(QStringLiteral("desk")));
        if (!desk)
            return cli.fail(desk.error());
        deskId = desk->id;
    }
    auto leases = NumberLeases(cli.context()).list(deskId);
    if (!leases)
        return cli.fail(leases.error());
    if (cli.json()) {
        QJsonArray array;
        for (const NumberLease &lease : std::as_const(*leases))
            array.append(leaseJson(lease));
        cli.console().json(array);
        return ExitOk;
    }
    QList<QStringList> rows;
    for (const NumberLease &lease : std::as_const(*leases))
        rows.append({lease.id, lease.deskId, QString::number(lease.year),
                     QStringLiteral("%1–%2").arg(lease.firstNumber).arg(lease.lastNumber),
                     lease.active ? Tr::tr("active") : Tr::tr("returned")});
    cli.console().table({Tr::tr("Lease"), Tr::tr("Desk"), Tr::tr("Year"), Tr::tr("Numbers"), Tr::tr("State")},
                        rows);
    return ExitOk;
}

} // namespace

QList<Command> syncCommands()
{
    QList<Command> commands;

    Command deskAdd;
    deskAdd.words = {QStringLiteral("desk"), QStringLiteral("add")};
    deskAdd.arguments = QStringLiteral("NAME (--certificate FILE | --fingerprint SHA256)");
    deskAdd.summary = Tr::tr("register a desk (workstation) by its TLS client certificate");
    deskAdd.description = Tr::tr(
        "Registers a workstation that may sync with the server, known by the SHA-256 fingerprint of its TLS "
        "client certificate: give the certificate file (PEM or DER) or the fingerprint. Needs the "
        "administrator role.");
    deskAdd.options
        = {QCommandLineOption(QStringLiteral("certificate"),
                              Tr::tr("The desk's client certificate (PEM or DER)."), QStringLiteral("FILE")),
           QCommandLineOption(QStringLiteral("fingerprint"),
                              Tr::tr("The SHA-256 fingerprint of the certificate, in hex."),
                              QStringLiteral("SHA256"))};
    deskAdd.examples = {QStringLiteral("--user admin desk add \"Гише 1\" --certificate desk1.pem")};
    deskAdd.minArguments = deskAdd.maxArguments = 1;
    deskAdd.hasJson = true;
    deskAdd.run = runDeskAdd;
    commands << deskAdd;

    Command deskList;
    deskList.words = {QStringLiteral("desk"), QStringLiteral("list")};
    deskList.summary = Tr::tr("list the desks");
    deskList.description
        = Tr::tr("Lists the registered desks, also removed ones. Needs the administrator role.");
    deskList.examples = {QStringLiteral("desk list --json")};
    deskList.hasJson = true;
    deskList.run = runDeskList;
    commands << deskList;

    Command deskRemove;
    deskRemove.words = {QStringLiteral("desk"), QStringLiteral("remove")};
    deskRemove.arguments = QStringLiteral("NAME");
    deskRemove.summary = Tr::tr("remove a desk");
    deskRemove.description = Tr::tr(
        "Disables a desk for good: its sessions end and its certificate is refused. Its record stays for "
        "the journal. Needs the administrator role.");
    deskRemove.examples = {QStringLiteral("desk remove \"Гише 1\"")};
    deskRemove.minArguments = deskRemove.maxArguments = 1;
    deskRemove.run = runDeskRemove;
    commands << deskRemove;

    Command leaseGrant;
    leaseGrant.words = {QStringLiteral("lease"), QStringLiteral("grant")};
    leaseGrant.arguments = QStringLiteral("--register CODE --desk NAME --count N");
    leaseGrant.summary = Tr::tr("lease a block of a register's numbers to a desk for outages");
    leaseGrant.description = Tr::tr(
        "Reserves the next N numbers of the register in the current year for the desk, which uses them "
        "while it cannot reach the server. Return the lease when the outage is over: the unused numbers are "
        "then annulled. Journalled; needs the administrator role.");
    leaseGrant.options
        = {QCommandLineOption(QStringLiteral("register"), Tr::tr("The register's code."),
                              QStringLiteral("CODE")),
           QCommandLineOption(QStringLiteral("registry"),
                              Tr::tr("The registry's code, when several have the register."),
                              QStringLiteral("CODE")),
           QCommandLineOption(QStringLiteral("desk"), Tr::tr("The desk's name."), QStringLiteral("NAME")),
           QCommandLineOption(QStringLiteral("count"), Tr::tr("How many numbers (1 to 1000)."),
                              QStringLiteral("N"))};
    leaseGrant.examples = {QStringLiteral("lease grant --register ВХ --desk \"Гише 1\" --count 50")};
    leaseGrant.hasJson = true;
    leaseGrant.run = runLeaseGrant;
    commands << leaseGrant;

    Command leaseReturn;
    leaseReturn.words = {QStringLiteral("lease"), QStringLiteral("return")};
    leaseReturn.arguments = QStringLiteral("LEASE-ID --reason TEXT");
    leaseReturn.summary = Tr::tr("end a lease and annul its unused numbers");
    leaseReturn.description = Tr::tr(
        "Ends the lease; each number the desk did not use becomes an annulled entry with the reason, so the "
        "register has no gaps and the numbers are never used again. Journalled; needs the administrator "
        "role.");
    leaseReturn.options = {QCommandLineOption(
        QStringLiteral("reason"), Tr::tr("Why the numbers are annulled."), QStringLiteral("TEXT"))};
    leaseReturn.examples = {QStringLiteral("lease return 0190… --reason \"Краят на прекъсването\"")};
    leaseReturn.minArguments = leaseReturn.maxArguments = 1;
    leaseReturn.hasJson = true;
    leaseReturn.run = runLeaseReturn;
    commands << leaseReturn;

    Command leaseList;
    leaseList.words = {QStringLiteral("lease"), QStringLiteral("list")};
    leaseList.summary = Tr::tr("list the leased number blocks");
    leaseList.description = Tr::tr("Lists the leases, newest first, of one desk with --desk. Needs the "
                                   "administrator role.");
    leaseList.options = {QCommandLineOption(QStringLiteral("desk"), Tr::tr("Only this desk's leases."),
                                            QStringLiteral("NAME"))};
    leaseList.examples = {QStringLiteral("lease list --desk \"Гише 1\" --json")};
    leaseList.hasJson = true;
    leaseList.run = runLeaseList;
    commands << leaseList;

    return commands;
}

} // namespace dms::cli
