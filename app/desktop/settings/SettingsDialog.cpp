// SPDX-License-Identifier: GPL-3.0-or-later
#include "settings/SettingsDialog.h"

#include "RegistrationActions.h"

#if defined(DMS_HAVE_GUI_SIGNING)
#include "signing/PreferredCertificate.h"
#include "signing/TokenProvider.h"
#endif

#if defined(DMS_HAVE_GUI_SCAN)
#include "scanning/ScanProfileStore.h"
#include "scanning/ScannerBackend.h"
#endif
#if defined(DMS_HAVE_GUI_PRINT)
#include <QPrinterInfo>
#endif

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSettings>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace dms {

namespace {

constexpr int kConnectionTab = 0;
constexpr int kScannerTab = 1;
constexpr int kCardTab = 2;
constexpr int kPrintersTab = 3;
constexpr int kVerificationTab = 4;
constexpr int kLanguageTab = 5;

/** The printer combo: "ask each time" first, the system's printers, and free text (e.g. "pdf:FILE"). */
QComboBox *printerBox(const char *name, QWidget *parent)
{
    auto *box = new QComboBox(parent);
    box->setObjectName(QLatin1String(name));
    box->setEditable(true);
    box->addItem(QString());
#if defined(DMS_HAVE_GUI_PRINT)
    box->addItems(QPrinterInfo::availablePrinterNames());
#endif
    box->lineEdit()->setPlaceholderText(SettingsDialog::tr("Ask with the print dialog each time"));
    return box;
}

void setComboText(QComboBox *box, const QString &text)
{
    const int index = box->findText(text);
    if (index >= 0)
        box->setCurrentIndex(index);
    else if (box->isEditable())
        box->setEditText(text);
    else if (!text.isEmpty()) {
        box->addItem(text, text);
        box->setCurrentIndex(box->count() - 1);
    }
}

} // namespace

SettingsDialog::SettingsDialog(QSettings &settings, const IncomingFlowOptions &flow, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_flow(flow)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(connectionPage(), tr("Connection"));
    m_tabs->addTab(scannerPage(), tr("Scanner"));
    m_tabs->addTab(cardPage(), tr("Card"));
    m_tabs->addTab(printersPage(), tr("Printers"));
    m_tabs->addTab(verificationPage(), tr("Verification"));
    m_tabs->addTab(languagePage(), tr("Language"));

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("settingsError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    auto *note = new QLabel(tr("Printers and the scanner defaults apply at once; the connection, the card,"
                               " the language and the trusted certificates at the next start."),
                            this);
    note->setWordWrap(true);
    layout->addWidget(note);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    setValues(DeskSettings::load(m_settings));
}

SettingsDialog::~SettingsDialog() = default;

QLineEdit *SettingsDialog::fileField(const char *name, QWidget *page, bool directory)
{
    auto *edit = new QLineEdit(page);
    edit->setObjectName(QLatin1String(name));
    auto *browse = new QToolButton(page);
    browse->setText(tr("…"));
    browse->setToolTip(directory ? tr("Choose a file or a folder") : tr("Choose a file"));
    connect(browse, &QToolButton::clicked, this, [this, edit, directory] {
        auto *dialog = new QFileDialog(this, {}, edit->text());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(directory ? QFileDialog::Directory : QFileDialog::ExistingFile);
        if (directory)
            dialog->setOption(QFileDialog::ShowDirsOnly, false);
        connect(dialog, &QFileDialog::fileSelected, edit, &QLineEdit::setText);
        dialog->open();
    });
    auto *row = new QWidget(page);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    edit->setProperty("row", QVariant::fromValue(row));
    return edit;
}

QWidget *SettingsDialog::connectionPage()
{
    auto *page = new QWidget(this);
    m_embedded = new QRadioButton(tr("This computer's database (embedded office)"), page);
    m_embedded->setObjectName(QStringLiteral("embeddedMode"));
    m_server = new QRadioButton(tr("The office's server (delovod-server)"), page);
    m_server->setObjectName(QStringLiteral("serverMode"));
    m_database = fileField("databasePath", page);
    m_database->setPlaceholderText(tr("The default file in the application's data folder"));
    m_serverUrl = new QLineEdit(page);
    m_serverUrl->setObjectName(QStringLiteral("serverUrl"));
    m_serverUrl->setPlaceholderText(QStringLiteral("https://delovod.example.bg:8443"));
    m_certificate = fileField("certificateFile", page);
    m_key = fileField("keyFile", page);
    m_ca = fileField("caFile", page);
    m_ca->setPlaceholderText(tr("The system's certificate authorities"));

    auto *form = new QFormLayout(page);
    form->addRow(m_embedded);
    form->addRow(tr("&Database (file or URL):"), m_database->property("row").value<QWidget *>());
    form->addRow(m_server);
    form->addRow(tr("Server &address:"), m_serverUrl);
    form->addRow(tr("This desk's &certificate:"), m_certificate->property("row").value<QWidget *>());
    form->addRow(tr("Its private &key:"), m_key->property("row").value<QWidget *>());
    form->addRow(tr("The server's C&A:"), m_ca->property("row").value<QWidget *>());
    connect(m_embedded, &QRadioButton::toggled, this, &SettingsDialog::updateConnectionFields);
    return page;
}

QWidget *SettingsDialog::scannerPage()
{
    auto *page = new QWidget(this);
    m_device = new QComboBox(page);
    m_device->setObjectName(QStringLiteral("scannerDevice"));
    m_device->setMinimumContentsLength(20);
    m_device->addItem(tr("(choose when scanning)"), QString());
    m_findDevices = new QPushButton(tr("&Find scanners"), page);
    m_findDevices->setObjectName(QStringLiteral("findScannersButton"));
    connect(m_findDevices, &QPushButton::clicked, this, &SettingsDialog::findDevices);
    auto *deviceRow = new QHBoxLayout;
    deviceRow->addWidget(m_device, 1);
    deviceRow->addWidget(m_findDevices);
    m_profile = new QComboBox(page);
    m_profile->setObjectName(QStringLiteral("scanProfile"));
    m_profile->addItem(QString());
#if defined(DMS_HAVE_GUI_SCAN)
    for (const ScanProfile &profile : ScanProfileStore(m_settings).profiles())
        m_profile->addItem(profile.name);
    m_findDevices->setEnabled(bool(m_flow.scanner));
#else
    m_findDevices->setEnabled(false);
#endif
    auto *form = new QFormLayout(page);
    form->addRow(tr("&Scanner:"), deviceRow);
    form->addRow(tr("Default &profile:"), m_profile);
    return page;
}

QWidget *SettingsDialog::cardPage()
{
    auto *page = new QWidget(this);
    m_module = fileField("pkcs11Module", page);
    m_module->setPlaceholderText(RegistrationActions::defaultModule());
    m_signingCertificate = new QComboBox(page);
    m_signingCertificate->setObjectName(QStringLiteral("signingCertificate"));
    m_signingCertificate->setMinimumContentsLength(30);
    m_signingCertificate->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_signingCertificate->addItem(tr("The first qualified certificate on the card"), QString());
    m_readCard = new QPushButton(tr("R&ead the card"), page);
    m_readCard->setObjectName(QStringLiteral("readCardButton"));
    m_readCard->setToolTip(tr("List the certificates on the card in the reader to choose from"));
#if defined(DMS_HAVE_GUI_SIGNING)
    m_readCard->setEnabled(bool(m_flow.tokens));
#else
    m_readCard->setEnabled(false);
#endif
    connect(m_readCard, &QPushButton::clicked, this, &SettingsDialog::readCard);
    auto *certificateRow = new QHBoxLayout;
    certificateRow->addWidget(m_signingCertificate, 1);
    certificateRow->addWidget(m_readCard);
    auto *form = new QFormLayout(page);
    form->addRow(tr("PKCS#11 &module:"), m_module->property("row").value<QWidget *>());
    form->addRow(tr("Preferred si&gning certificate:"), certificateRow);
    auto *hint = new QLabel(tr("Certifying scans and signing outgoing documents use it when its card is"
                               " in the reader, otherwise the first qualified certificate (and say so)."),
                            page);
    hint->setWordWrap(true);
    form->addRow(hint);
    return page;
}

void SettingsDialog::setPreferredCertificate(const QString &value, const QString &text)
{
    if (value.isEmpty()) {
        m_signingCertificate->setCurrentIndex(0);
        return;
    }
    if (const int index = m_signingCertificate->findData(value); index >= 0) {
        m_signingCertificate->setCurrentIndex(index);
        return;
    }
    m_signingCertificate->addItem(text, value);
    m_signingCertificate->setCurrentIndex(m_signingCertificate->count() - 1);
}

QString SettingsDialog::describeStoredCertificate(const QString &value)
{
    QString hex = value;
    hex.remove(QLatin1Char(':')).remove(QLatin1Char(' '));
    static const QRegularExpression sha256(QStringLiteral("^[0-9A-Fa-f]{64}$"));
    if (sha256.match(hex).hasMatch())
        return tr("The certificate with SHA-256 %1…").arg(hex.left(16).toLower());
    return tr("The certificate labelled “%1” on the card").arg(value);
}

void SettingsDialog::readCard()
{
#if defined(DMS_HAVE_GUI_SIGNING)
    if (m_readingCard || !m_flow.tokens)
        return;
    std::shared_ptr<TokenProvider> provider = m_flow.tokens();
    if (!provider) {
        showProblem(makeError(ErrorCode::NoToken, tr("The card reader's module could not be loaded."),
                              QStringLiteral("signingCertificate")));
        Q_EMIT cardRead(-1);
        return;
    }
    m_readingCard = true;
    m_readCard->setEnabled(false);
    using Listed = Result<QList<TokenCertificate>>;
    auto *watcher = new QFutureWatcher<Listed>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_readingCard = false;
        m_readCard->setEnabled(true);
        const Listed listed = watcher->result();
        if (!listed) {
            showProblem(
                makeError(listed.error().code, listed.error().message, QStringLiteral("signingCertificate")));
            Q_EMIT cardRead(-1);
            return;
        }
        const QString previous = m_signingCertificate->currentData().toString();
        const PreferredCertificate previousPreference = PreferredCertificate::fromSetting(previous);
        m_signingCertificate->clear();
        m_signingCertificate->addItem(tr("The first qualified certificate on the card"), QString());
        QString chosen;
        for (const TokenCertificate &certificate : *listed) {
            const CertificateInfo &info = certificate.certificate;
            const QString value = PreferredCertificate::settingFor(info);
            const QString name = info.commonName().isEmpty() ? certificate.label : info.commonName();
            m_signingCertificate->addItem(
                tr("%1 (issued by %2, valid until %3)")
                    .arg(name, info.issuerCommonName(),
                         info.notAfter().toLocalTime().toString(QStringLiteral("dd.MM.yyyy"))),
                value);
            m_signingCertificate->setItemData(m_signingCertificate->count() - 1,
                                              QString(QStringLiteral("SHA-256 ") + value), Qt::ToolTipRole);
            if (!previousPreference.isEmpty() && previousPreference.matches(certificate))
                chosen = value; // an old label setting becomes the certificate's fingerprint
        }
        if (chosen.isEmpty() && !previous.isEmpty())
            chosen = previous; // kept though its card is not in the reader now
        setPreferredCertificate(chosen, describeStoredCertificate(chosen));
        showProblem({});
        Q_EMIT cardRead(int(listed->size()));
    });
    // Only certificates with their key on the card can sign.
    watcher->setFuture(QtConcurrent::run([provider]() -> Listed {
        auto tokens = provider->tokens();
        if (!tokens)
            return tokens.error();
        if (tokens->isEmpty())
            return makeError(ErrorCode::NoToken, tr("No card was found. Insert the card into the reader."));
        QList<TokenCertificate> usable;
        std::optional<Error> unreadable;
        for (const std::shared_ptr<Token> &token : *tokens) {
            auto certificates = token->certificates();
            if (!certificates) {
                // p11-kit lists more tokens than the card; one that cannot be read is skipped.
                if (!unreadable)
                    unreadable = certificates.error();
                continue;
            }
            for (const TokenCertificate &certificate : *certificates) {
                if (certificate.hasKey && !certificate.certificate.isNull())
                    usable.append(certificate);
            }
        }
        if (usable.isEmpty() && unreadable)
            return *unreadable;
        return usable;
    }));
#endif
}

QWidget *SettingsDialog::printersPage()
{
    auto *page = new QWidget(this);
    m_receiptPrinter = printerBox("receiptPrinter", page);
    m_labelPrinter = printerBox("labelPrinter", page);
    auto *form = new QFormLayout(page);
    form->addRow(tr("&Receipts:"), m_receiptPrinter);
    form->addRow(tr("Stamp &labels:"), m_labelPrinter);
    form->addRow(new QLabel(tr("\"pdf:FILE\" prints into a PDF file."), page));
    return page;
}

QWidget *SettingsDialog::verificationPage()
{
    auto *page = new QWidget(this);
    m_trustAnchors = fileField("trustAnchors", page, true);
    m_trustAnchors->setPlaceholderText(tr("None: signatures cannot be traced to a trusted authority"));
    auto *form = new QFormLayout(page);
    form->addRow(tr("&Trusted certificates (file or folder):"),
                 m_trustAnchors->property("row").value<QWidget *>());
    return page;
}

QWidget *SettingsDialog::languagePage()
{
    auto *page = new QWidget(this);
    m_language = new QComboBox(page);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(QStringLiteral("Български"), QStringLiteral("bg"));
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    auto *form = new QFormLayout(page);
    form->addRow(tr("&Language:"), m_language);
    form->addRow(new QLabel(tr("The language changes at the next start of Delovod."), page));
    return page;
}

void SettingsDialog::updateConnectionFields()
{
    const bool server = m_server->isChecked();
    m_database->setEnabled(!server);
    for (QLineEdit *edit : {m_serverUrl, m_certificate, m_key, m_ca})
        edit->setEnabled(server);
}

DeskSettings SettingsDialog::values() const
{
    DeskSettings s;
    const bool server = m_server->isChecked();
    s.databaseUrl = server ? QString() : m_database->text().trimmed();
    if (server) {
        s.serverUrl = m_serverUrl->text().trimmed();
        s.certificateFile = m_certificate->text().trimmed();
        s.keyFile = m_key->text().trimmed();
        s.caFile = m_ca->text().trimmed();
    }
    s.scannerDevice = m_device->currentData().toString();
    s.scanProfile = m_profile->currentText();
    s.pkcs11Module = m_module->text().trimmed();
    if (s.pkcs11Module.isEmpty())
        s.pkcs11Module = RegistrationActions::defaultModule();
    s.signingCertificate = m_signingCertificate->currentData().toString();
    s.receiptPrinter = m_receiptPrinter->currentText().trimmed();
    s.labelPrinter = m_labelPrinter->currentText().trimmed();
    s.language = m_language->currentData().toString();
    s.trustAnchors = m_trustAnchors->text().trimmed();
    return s;
}

void SettingsDialog::setValues(const DeskSettings &values)
{
    const bool server = !values.serverUrl.isEmpty();
    m_server->setChecked(server);
    m_embedded->setChecked(!server);
    QString database = values.databaseUrl;
    if (database.startsWith(QLatin1String("sqlite:")))
        database = database.mid(7);
    m_database->setText(database);
    m_serverUrl->setText(values.serverUrl);
    m_certificate->setText(values.certificateFile);
    m_key->setText(values.keyFile);
    m_ca->setText(values.caFile);
    if (const int index = m_device->findData(values.scannerDevice); index >= 0) {
        m_device->setCurrentIndex(index);
    } else {
        m_device->addItem(values.scannerDevice, values.scannerDevice);
        m_device->setCurrentIndex(m_device->count() - 1);
    }
    setComboText(m_profile, values.scanProfile);
    m_module->setText(values.pkcs11Module);
    setPreferredCertificate(values.signingCertificate, describeStoredCertificate(values.signingCertificate));
    setComboText(m_receiptPrinter, values.receiptPrinter);
    setComboText(m_labelPrinter, values.labelPrinter);
    m_language->setCurrentIndex(std::max(0, m_language->findData(values.language)));
    m_trustAnchors->setText(values.trustAnchors);
    updateConnectionFields();
}

QString SettingsDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void SettingsDialog::showProblem(const Error &error)
{
    m_error->setText(error.message);
    m_error->setVisible(!error.message.isEmpty());
    if (auto *field = findChild<QWidget *>(error.detail)) {
        for (int tab = 0; tab < m_tabs->count(); ++tab) {
            if (m_tabs->widget(tab)->isAncestorOf(field))
                m_tabs->setCurrentIndex(tab);
        }
        field->setFocus();
    }
}

void SettingsDialog::accept()
{
    const DeskSettings s = values();
    if (auto valid = s.validate(); !valid) {
        showProblem(valid.error());
        return;
    }
    showProblem({});
    s.save(m_settings);
    Q_EMIT saved();
    QDialog::accept();
}

void SettingsDialog::findDevices()
{
#if defined(DMS_HAVE_GUI_SCAN)
    if (m_findingDevices || !m_flow.scanner)
        return;
    std::shared_ptr<ScannerBackend> backend = m_flow.scanner();
    if (!backend)
        return;
    m_findingDevices = true;
    m_findDevices->setEnabled(false);
    auto *watcher = new QFutureWatcher<Result<QList<ScannerInfo>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, backend] {
        watcher->deleteLater();
        m_findingDevices = false;
        m_findDevices->setEnabled(true);
        const Result<QList<ScannerInfo>> devices = watcher->result();
        const QString previous = m_device->currentData().toString();
        m_device->clear();
        m_device->addItem(tr("(choose when scanning)"), QString());
        if (!devices) {
            showProblem(
                makeError(ErrorCode::DeviceIo, devices.error().message, QStringLiteral("scannerDevice")));
        } else {
            for (const ScannerInfo &info : *devices)
                m_device->addItem(QStringLiteral("%1 (%2)").arg(info.displayName(), info.name), info.name);
        }
        m_device->setCurrentIndex(std::max(0, m_device->findData(previous)));
        Q_EMIT devicesFound(devices ? int(devices->size()) : 0);
    });
    watcher->setFuture(QtConcurrent::run([backend] { return backend->devices(); }));
#endif
}

} // namespace dms
