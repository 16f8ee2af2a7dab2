// SPDX-License-Identifier: GPL-3.0-or-later
#include "ScanCommands.h"

#include "ExitCode.h"
#include "InterruptSignal.h"
#include "Invocation.h"
#include "core/Tr.h"

#ifdef DMS_HAVE_SCANNING
#include "scanning/ScanJob.h"
#include "scanning/ScanProfileStore.h"
#include "scanning/ScanSession.h"
#include "scanning/import/ImportBackend.h"
#ifdef DMS_HAVE_SCANNING_OCR
#include "scanning/ocr/TesseractOcrEngine.h"
#endif
#ifdef DMS_HAVE_SCANNING_SANE
#include "scanning/sane/SaneBackend.h"
#endif

#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QSettings>
#endif

namespace dms::cli {

#ifdef DMS_HAVE_SCANNING

namespace {

/** The profiles are shared with the desktop client ("Delovod/delovod"). */
QSettings &profileSettings()
{
    static QSettings settings(QStringLiteral("Delovod"), QStringLiteral("delovod"));
    return settings;
}

QString profileLine(const ScanProfile &profile)
{
    return Tr::tr("%1 dpi, %2, %3, %4")
        .arg(profile.resolution)
        .arg(ScanProfileStore::modeName(profile.mode), ScanProfileStore::sourceName(profile.source),
             ScanProfileStore::compressionName(profile.compression));
}

QJsonObject profileJson(const ScanProfile &profile)
{
    return QJsonObject {
        {QStringLiteral("name"), profile.name},
        {QStringLiteral("source"), ScanProfileStore::sourceName(profile.source)},
        {QStringLiteral("mode"), ScanProfileStore::modeName(profile.mode)},
        {QStringLiteral("resolution"), profile.resolution},
        {QStringLiteral("compression"), ScanProfileStore::compressionName(profile.compression)},
        {QStringLiteral("jpegQuality"), profile.jpegQuality},
        {QStringLiteral("deskew"), profile.deskew},
        {QStringLiteral("blankDetection"), profile.blankPageRule.enabled},
        {QStringLiteral("removeBlankPages"), profile.removeBlankPages},
        {QStringLiteral("ocr"), profile.ocr},
        {QStringLiteral("separator"), ScanProfileStore::separatorName(profile.separator.kind)},
        {QStringLiteral("separatorText"), profile.separator.barcodeText},
    };
}

int runProfiles(Invocation &cli)
{
    const QList<ScanProfile> profiles = ScanProfileStore(profileSettings()).profiles();
    if (cli.json()) {
        QJsonArray array;
        for (const ScanProfile &profile : profiles)
            array.append(profileJson(profile));
        cli.console().json(array);
        return ExitOk;
    }
    QList<QStringList> rows;
    for (const ScanProfile &profile : profiles)
        rows.append({profile.name, profileLine(profile)});
    cli.console().table({Tr::tr("Profile"), Tr::tr("Settings")}, rows);
    return ExitOk;
}

int runDevices(Invocation &cli)
{
#ifdef DMS_HAVE_SCANNING_SANE
    SaneBackend backend;
    const auto devices = backend.devices();
    if (!devices)
        return cli.fail(devices.error());
    if (cli.json()) {
        QJsonArray array;
        for (const ScannerInfo &info : *devices)
            array.append(QJsonObject {{QStringLiteral("name"), info.name},
                                      {QStringLiteral("vendor"), info.vendor},
                                      {QStringLiteral("model"), info.model},
                                      {QStringLiteral("type"), info.type}});
        cli.console().json(array);
        return ExitOk;
    }
    QList<QStringList> rows;
    for (const ScannerInfo &info : *devices)
        rows.append({info.name, info.displayName(), info.type});
    cli.console().table({Tr::tr("Device"), Tr::tr("Scanner"), Tr::tr("Type")}, rows);
    return ExitOk;
#else
    return cli.fail(makeError(ErrorCode::InvalidState, Tr::tr("This build has no scanner support (SANE).")));
#endif
}

/** The profile named by --profile (default: the first), with --mode,
 *  --resolution and --source applied on top. */
std::optional<ScanProfile> chosenProfile(Invocation &cli, int *exitCode)
{
    const ScanProfileStore store(profileSettings());
    ScanProfile profile;
    if (cli.isSet(QStringLiteral("profile"))) {
        auto found = store.profile(cli.value(QStringLiteral("profile")));
        if (!found) {
            *exitCode = cli.fail(found.error());
            return std::nullopt;
        }
        profile = *found;
    } else {
        profile = store.profiles().value(0, ScanProfileStore::defaults().first());
    }
    if (cli.isSet(QStringLiteral("mode"))) {
        const auto mode = ScanProfileStore::parseMode(cli.value(QStringLiteral("mode")));
        if (!mode) {
            *exitCode = cli.usage(Tr::tr("The option --mode takes lineart, gray or color."));
            return std::nullopt;
        }
        profile.mode = *mode;
    }
    if (cli.isSet(QStringLiteral("source"))) {
        const auto source = ScanProfileStore::parseSource(cli.value(QStringLiteral("source")));
        if (!source) {
            *exitCode = cli.usage(Tr::tr("The option --source takes flatbed, feeder or duplex."));
            return std::nullopt;
        }
        profile.source = *source;
    }
    const auto resolution = cli.integer(QStringLiteral("resolution"), profile.resolution, 50, 1200);
    if (!resolution) {
        *exitCode = ExitUsage;
        return std::nullopt;
    }
    profile.resolution = *resolution;
    if (cli.isSet(QStringLiteral("ocr")) && cli.isSet(QStringLiteral("no-ocr"))) {
        *exitCode = cli.usage(Tr::tr("Give either --ocr or --no-ocr, not both."));
        return std::nullopt;
    }
    if (cli.isSet(QStringLiteral("ocr")))
        profile.ocr = true;
    if (cli.isSet(QStringLiteral("no-ocr")))
        profile.ocr = false;
    return profile;
}

/** The OCR engine when the profile recognises text. Null without OCR; an error
 *  when OCR was asked for and cannot run (e.g. the language data is missing). */
Result<std::shared_ptr<OcrEngine>> ocrEngine(const ScanProfile &profile)
{
    if (!profile.ocr)
        return std::shared_ptr<OcrEngine>();
#ifdef DMS_HAVE_SCANNING_OCR
    auto engine = std::make_shared<TesseractOcrEngine>();
    DMS_TRY(engine->check());
    return std::shared_ptr<OcrEngine>(std::move(engine));
#else
    return makeError(ErrorCode::InvalidState,
                     Tr::tr("This build has no text recognition (OCR); scan with --no-ocr."));
#endif
}

int runScan(Invocation &cli)
{
    const auto output = cli.required(QStringLiteral("output"));
    if (!output)
        return ExitUsage;
    int exitCode = ExitOk;
    auto profile = chosenProfile(cli, &exitCode);
    if (!profile)
        return exitCode;
    const auto pageLimit = cli.integer(QStringLiteral("pages"), 0, 0, 100000);
    if (!pageLimit)
        return ExitUsage;

    // Ctrl-C from here on stops the scan cleanly (see the command's help); one
    // that arrives while the scanners are listed is acted on once the job runs.
    InterruptSignal interrupt;
    bool interrupted = false;
    QObject::connect(&interrupt, &InterruptSignal::interrupted, &interrupt, [&] { interrupted = true; });

    const QStringList imports = cli.values(QStringLiteral("import"));
    std::shared_ptr<ScannerBackend> backend;
    QString device = cli.value(QStringLiteral("device"));
    ScanSettings settings = profile->settings();
    settings.pageLimit = *pageLimit;
    if (!imports.isEmpty()) {
        if (cli.isSet(QStringLiteral("device")))
            return cli.usage(Tr::tr("Give either --device or --import, not both."));
        backend = std::make_shared<ImportBackend>(imports);
        device = ImportBackend::DeviceName;
        // Files are a stack in a feeder, however the profile scans paper.
        settings.source = ScanSource::Feeder;
    } else {
#ifdef DMS_HAVE_SCANNING_SANE
        backend = std::make_shared<SaneBackend>();
        if (device.isEmpty()) {
            const auto devices = backend->devices();
            if (!devices)
                return cli.fail(devices.error());
            if (devices->isEmpty())
                return cli.fail(makeError(ErrorCode::NotFound, Tr::tr("No scanner was found.")));
            device = devices->first().name;
        }
#else
        return cli.fail(
            makeError(ErrorCode::InvalidState, Tr::tr("This build has no scanner support (SANE).")));
#endif
    }
    for (const QString &option : cli.values(QStringLiteral("option"))) {
        const qsizetype equals = option.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return cli.usage(Tr::tr("The option --option takes NAME=VALUE."));
        const QString value = option.mid(equals + 1);
        bool isNumber = false;
        const double number = value.toDouble(&isNumber);
        QVariant typed = value;
        if (value == QLatin1String("true") || value == QLatin1String("false"))
            typed = value == QLatin1String("true");
        else if (isNumber)
            typed = value.contains(QLatin1Char('.')) ? QVariant(number) : QVariant(value.toInt());
        settings.deviceOptions.append({option.left(equals), typed});
    }

    auto engine = ocrEngine(*profile);
    if (!engine)
        return cli.fail(engine.error());

    ScanJob job(backend, device, settings);
    ScanSession session(*profile);
    session.setOcrEngine(*engine);
    session.attach(&job);
    QEventLoop loop;
    std::optional<Result<int>> scanned;
    QObject::connect(&job, &ScanJob::pageStarted, &loop,
                     [&cli](int index) { cli.console().errorLine(Tr::tr("Page %1 …").arg(index + 1)); });
    QObject::connect(&job, &ScanJob::finished, &loop, [&](const Result<int> &result) {
        scanned = result;
        if (session.isIdle())
            loop.quit();
    });
    QObject::connect(&session, &ScanSession::idle, &loop, [&] {
        if (scanned)
            loop.quit();
    });
    // Ctrl-C cancels the job (it calls sane_cancel() once, on its thread); the
    // page being read is dropped, the pages read before are processed and saved.
    const auto stopScanning = [&] {
        cli.console().errorLine(Tr::tr("Interrupted: stopping the scanner (Ctrl-C again quits at once) …"));
        job.cancel();
    };
    QObject::connect(&interrupt, &InterruptSignal::interrupted, &loop, stopScanning);
    job.start();
    if (interrupted)
        stopScanning();
    loop.exec();

    // Pages read before a jam or another error are still saved.
    const bool haveScanError = !scanned->ok() && !scanned->error().isCancelled();
    if (haveScanError)
        cli.console().error(scanned->error());
    if (session.pages().isEmpty()) {
        if (interrupted) {
            cli.console().errorLine(
                Tr::tr("Scanning was cancelled; no page was scanned, nothing was written."));
            return ExitCancelled;
        }
        return haveScanError
            ? ExitError
            : cli.fail(scanned->ok() ? makeError(ErrorCode::InvalidState, Tr::tr("No page was scanned."))
                                     : scanned->error());
    }
    ScanPdfOptions pdf;
    pdf.jpegQuality = profile->jpegQuality;
    pdf.title = cli.value(QStringLiteral("title"));
    const DocumentSplit split = session.split();
    const auto written = session.writeDocuments(*output, pdf);
    if (!written)
        return cli.fail(written.error());
    QList<int> blankKept;
    for (const ProcessedPage &page : session.pages()) {
        if (page.blank.blank && !split.removedBlankPages.contains(page.index)
            && !split.separatorPages.contains(page.index))
            blankKept.append(page.index + 1);
    }
    const auto numbers = [](const QList<int> &indexes, int offset) {
        QJsonArray array;
        for (const int index : indexes)
            array.append(index + offset);
        return array;
    };
    if (cli.json()) {
        QJsonArray documents;
        for (int d = 0; d < written->size(); ++d)
            documents.append(QJsonObject {{QStringLiteral("path"), written->at(d)},
                                          {QStringLiteral("pages"), numbers(split.documents.at(d), 1)}});
        cli.console().json(
            QJsonObject {{QStringLiteral("pagesScanned"), int(session.pages().size())},
                         {QStringLiteral("documents"), documents},
                         {QStringLiteral("separatorPages"), numbers(split.separatorPages, 1)},
                         {QStringLiteral("removedBlankPages"), numbers(split.removedBlankPages, 1)},
                         {QStringLiteral("blankPagesKept"), numbers(blankKept, 0)},
                         {QStringLiteral("textRecognized"), session.recognizesText()},
                         {QStringLiteral("cancelled"), interrupted},
                         {QStringLiteral("complete"), !haveScanError && !interrupted}});
    } else {
        for (int d = 0; d < written->size(); ++d)
            cli.console().line(
                Tr::tr("%1: %n page(s)", nullptr, int(split.documents.at(d).size())).arg(written->at(d)));
        if (!split.separatorPages.isEmpty())
            cli.console().line(
                Tr::tr("Separator sheets left out: %n", nullptr, int(split.separatorPages.size())));
        if (!split.removedBlankPages.isEmpty())
            cli.console().line(
                Tr::tr("Blank pages left out: %n", nullptr, int(split.removedBlankPages.size())));
        if (!blankKept.isEmpty())
            cli.console().line(Tr::tr("Blank pages kept: %n", nullptr, int(blankKept.size())));
    }
    if (interrupted) {
        cli.console().errorLine(Tr::tr("Scanning was cancelled; the %n page(s) scanned before are saved.",
                                       nullptr, int(session.pages().size())));
        return ExitCancelled;
    }
    return haveScanError ? ExitError : ExitOk;
}

} // namespace

#endif

QList<Command> scanCommands()
{
    QList<Command> commands;
#ifdef DMS_HAVE_SCANNING
    Command scan;
    scan.words = {QStringLiteral("scan")};
    scan.arguments = QStringLiteral("--output FILE [--device NAME | --import FILE…] [--profile NAME]");
    scan.summary = Tr::tr("scan paper (or import files) into PDF/A documents");
    scan.description = Tr::tr(
        "Scans a batch from a scanner (the first one found unless --device names one) with a scan profile "
        "and "
        "writes it as PDF/A: one file when the profile does not split the stack, else one file per document "
        "(FILE-1.pdf, FILE-2.pdf …, split on separator sheets, which are left out). With --import, existing "
        "PDF, JPEG, PNG and TIFF files go through the same pipeline as if scanned. Pages read before a paper "
        "jam or another scanner error are saved, and the command then exits with 2. Ctrl-C stops the "
        "scanner: the page being read is dropped, the pages read completely before it are saved as above "
        "and the command exits with 130; a second Ctrl-C quits at once without saving anything. Progress "
        "goes to standard error.");
    scan.options = {
        QCommandLineOption(QStringLiteral("output"), Tr::tr("The PDF file to write."),
                           QStringLiteral("FILE")),
        QCommandLineOption(QStringLiteral("device"), Tr::tr("The scanner (see 'scan devices')."),
                           QStringLiteral("NAME")),
        QCommandLineOption(QStringLiteral("import"),
                           Tr::tr("A file to import instead of scanning; repeatable."),
                           QStringLiteral("FILE")),
        QCommandLineOption(QStringLiteral("profile"), Tr::tr("The scan profile (see 'scan profiles')."),
                           QStringLiteral("NAME")),
        QCommandLineOption(QStringLiteral("mode"), Tr::tr("Override the profile: lineart, gray or color."),
                           QStringLiteral("MODE")),
        QCommandLineOption(QStringLiteral("resolution"), Tr::tr("Override the profile: dots per inch."),
                           QStringLiteral("DPI")),
        QCommandLineOption(QStringLiteral("source"),
                           Tr::tr("Override the profile: flatbed, feeder or duplex."),
                           QStringLiteral("SOURCE")),
        QCommandLineOption(QStringLiteral("pages"),
                           Tr::tr("Stop after this many pages (0: until the feeder is empty)."),
                           QStringLiteral("N")),
        QCommandLineOption(QStringLiteral("option"), Tr::tr("A scanner driver option; repeatable."),
                           QStringLiteral("NAME=VALUE")),
        QCommandLineOption(QStringLiteral("title"), Tr::tr("The documents' title."), QStringLiteral("TEXT")),
        QCommandLineOption(QStringLiteral("ocr"),
                           Tr::tr("Override the profile: recognise the text (searchable PDF).")),
        QCommandLineOption(QStringLiteral("no-ocr"), Tr::tr("Override the profile: no text recognition.")),
    };
    scan.examples
        = {QStringLiteral("scan --profile Documents --output /srv/inbox/batch.pdf"),
           QStringLiteral("scan --import letter.pdf --import photo.jpg --output letter-a.pdf --json")};
    scan.hasJson = true;
    scan.needsDatabase = false;
    scan.run = runScan;
    commands << scan;

    Command devices;
    devices.words = {QStringLiteral("scan"), QStringLiteral("devices")};
    devices.summary = Tr::tr("list the scanners that can be used");
    devices.description
        = Tr::tr("Lists the scanners SANE finds now (this may take seconds with network scanners).");
    devices.examples = {QStringLiteral("scan devices --json")};
    devices.hasJson = true;
    devices.needsDatabase = false;
    devices.run = runDevices;
    commands << devices;

    Command profiles;
    profiles.words = {QStringLiteral("scan"), QStringLiteral("profiles")};
    profiles.summary = Tr::tr("list the scan profiles");
    profiles.description = Tr::tr("Lists the scan profiles shared with the desktop client; until one is "
                                  "saved there, the shipped ones.");
    profiles.examples = {QStringLiteral("scan profiles --json")};
    profiles.hasJson = true;
    profiles.needsDatabase = false;
    profiles.run = runProfiles;
    commands << profiles;
#endif
    return commands;
}

} // namespace dms::cli
