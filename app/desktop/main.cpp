// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"
#include "NetworkSyncTransport.h"
#include "RegistrationActions.h"
#include "StartupOptions.h"
#include "audit/AuditJournal.h"
#include "core/Clock.h"
#include "core/Translations.h"
#include "desk/DeskConnection.h"
#include "services/ServiceContext.h"
#include "services/UserService.h"
#include "storage/Database.h"

#if defined(DMS_HAVE_SCANNING_SANE)
#include "scanning/sane/SaneBackend.h"
#endif
#if defined(DMS_HAVE_GUI_SIGNING)
#include "signing/DialogPinProvider.h"
#include "signing/pkcs11/Pkcs11TokenProvider.h"
#endif
#if defined(DMS_HAVE_GUI_DOCUMENT)
#include "document/TrustAnchors.h"
#include "signing/verify/CadesVerifier.h"
#endif
#include "settings/DeskSettings.h"

#include <QApplication>
#include <QMessageBox>
#include <QSettings>
#include <QTimer>

#include <cstdio>

using namespace dms;

namespace {

int fail(const QString &title, const QString &message)
{
    std::fprintf(stderr, "delovod: %s\n", qPrintable(message));
    // Nobody would see a box on the offscreen platform, and it would wait forever.
    if (QGuiApplication::platformName() != QLatin1String("offscreen"))
        QMessageBox::critical(nullptr, title, message);
    return 1;
}

/** The scanner, printers and card of the incoming flow, as the settings say. */
IncomingFlowOptions incomingFlow(QSettings &settings, const Clock &clock)
{
    IncomingFlowOptions flow;
    flow.settings = &settings;
    flow.clock = &clock;
#if defined(DMS_HAVE_GUI_SCAN) && defined(DMS_HAVE_SCANNING_SANE)
    flow.scanner = [] {
        return std::make_shared<SaneBackend>();
    };
#endif
#if defined(DMS_HAVE_GUI_SIGNING)
    flow.tokens = [&settings]() -> std::shared_ptr<TokenProvider> {
        const QString module
            = settings.value(RegistrationActions::moduleKey(), RegistrationActions::defaultModule())
                  .toString();
        auto provider = Pkcs11TokenProvider::load(std::make_shared<DialogPinProvider>(), module);
        if (!provider) {
            qWarning("delovod: %s", qPrintable(provider.error().toString()));
            return nullptr;
        }
        return *provider;
    };
#endif
    return flow;
}

/** The value of --language (either "--language bg" or "--language=bg"), if given. */
QString languageArgument(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--language") && i + 1 < arguments.size())
            return arguments.at(i + 1);
        if (argument.startsWith(QLatin1String("--language=")))
            return argument.mid(11);
    }
    return {};
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Delovod"));
    QApplication::setApplicationName(QStringLiteral("delovod"));
    QApplication::setApplicationVersion(QStringLiteral(DMS_VERSION));
    // The language is needed before the options are parsed, so that --help and
    // option errors are already translated.
    // --language, then DELOVOD_LANG, then the settings dialog's choice (Bulgarian by default).
    Translations::install(app,
                          Translations::chooseLanguage(languageArgument(QApplication::arguments()),
                                                       DeskSettings::load(QSettings()).language));
    QApplication::setApplicationDisplayName(QApplication::translate("main", "Delovod"));

    auto options = StartupOptions::parse(QApplication::arguments());
    if (!options) {
        std::fprintf(stderr, "delovod: %s\n", qPrintable(options.error().message));
        return 2;
    }
    if (!options->message.isEmpty()) {
        std::fputs(qPrintable(options->message), stdout);
        return 0;
    }

    const QString title = QApplication::translate("main", "Delovod");
    SystemClock clock;
    DeskOptions deskOptions;
    deskOptions.replicaPath = options->replicaPath;
    if (!options->deskCode.isEmpty())
        deskOptions.deskCode = options->deskCode;
    std::unique_ptr<DeskConnection> desk;
    QString description;
    bool demo = false;
    bool officeHasUsers = true;
    if (!options->serverUrl.isEmpty()) {
        // A desk of delovod-server: the same sync path, over HTTPS with this desk's certificate.
        NetworkSyncSettings network;
        network.baseUrl = QUrl(options->serverUrl);
        network.certificateFile = options->certificateFile;
        network.keyFile = options->keyFile;
        network.caFile = options->caFile;
        auto tls = NetworkSyncTransport::loadTls(network);
        if (!tls)
            return fail(title, tls.error().toString());
        auto made = DeskConnection::server(
            [network, tls = *tls]() -> std::unique_ptr<SyncTransport> {
                return std::make_unique<NetworkSyncTransport>(network, tls);
            },
            clock, deskOptions);
        if (!made)
            return fail(title, made.error().toString());
        desk = std::move(*made);
        description = options->serverUrl;
    } else {
        // The embedded office: its database in this process, reached through the same sync path.
        auto config = DatabaseConfig::fromUrl(options->databaseUrl);
        if (!config)
            return fail(title, config.error().toString());
        auto database = Database::open(*config);
        if (!database)
            return fail(title, database.error().toString());
        if ((*database)->isSqlite()) {
            // The embedded office has no server to close its journal days: seal them here.
            AuditJournal journal(**database, clock);
            auto sealed = journal.sealDaysBefore(clock.now().date());
            if (!sealed)
                qWarning("delovod: could not seal the journal: %s", qPrintable(sealed.error().toString()));
        }
        ServiceContext office {**database, clock};
        auto existing = UserService(office).list();
        if (!existing)
            return fail(title, existing.error().toString());
        officeHasUsers = !existing->isEmpty();
        // The first start on the embedded database shows a populated office.
        demo = options->demo
            || (!officeHasUsers && options->databaseSource == StartupOptions::DatabaseSource::Default);
        if (!officeHasUsers && !demo)
            return fail(title,
                        QApplication::translate("main",
                                                "The database %1 has no users yet. Initialise it"
                                                " with `delovodctl init`, or fill it with"
                                                " demonstration data with --demo.")
                            .arg(config->toDisplayUrl()));
        auto made = DeskConnection::embedded(*database, clock, deskOptions);
        if (!made)
            return fail(title, made.error().toString());
        desk = std::move(*made);
        description = config->toDisplayUrl();
        if (officeHasUsers && !demo) {
            // What delovodctl wrote since the last start reaches this desk through the feed.
            auto published = desk->publishOfficeData();
            if (!published)
                return fail(title, published.error().toString());
        }
    }

    QSettings settings;
    QString login = options->login;
    if (login.isEmpty())
        login = demo ? DemoData::adminLogin()
                     : settings.value(StartupOptions::loginSettingKey(), DemoData::adminLogin()).toString();

#if defined(DMS_HAVE_GUI_DOCUMENT)
    // Checks the signatures of the entries' files; declared first, so it outlives the window.
    CadesVerifier verifier(clock);
    if (auto anchors = TrustAnchors::apply(settings, verifier); !anchors)
        qWarning("delovod: no trusted certificates for verification: %s",
                 qPrintable(anchors.error().toString()));
#endif
    MainWindow window(*desk);
    window.setDatabaseDescription(description);
    IncomingFlowOptions flow = incomingFlow(settings, clock);
#if defined(DMS_HAVE_GUI_DOCUMENT)
    flow.verifier = &verifier;
#endif
    window.setIncomingFlow(flow);
    window.resize(1280, 800);
    window.show();
    if (options->quitAfterMs > 0) {
        QTimer::singleShot(options->quitAfterMs, &window, [&window, path = options->screenshotPath] {
            if (!path.isEmpty() && !window.grab().save(path, "PNG"))
                qWarning("delovod: could not save %s", qPrintable(path));
            QCoreApplication::quit();
        });
    }
    if (demo) {
        window.generateDemoData(DemoOptions {}, login);
        QObject::connect(&window, &MainWindow::demoDataFinished, &window, [&settings, &window](bool) {
            if (window.session().isValid())
                settings.setValue(StartupOptions::loginSettingKey(), window.session().login);
        });
    } else {
        auto signedIn = window.signIn(login);
        if (!signedIn)
            return fail(title,
                        QApplication::translate("main", "Cannot sign in as %1: %2")
                            .arg(login, signedIn.error().message));
        settings.setValue(StartupOptions::loginSettingKey(), login);
    }
    return QApplication::exec();
}
