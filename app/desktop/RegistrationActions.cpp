// SPDX-License-Identifier: GPL-3.0-or-later
#include "RegistrationActions.h"

#include "desk/DeskConnection.h"
#include "settings/DeskSettings.h"

#if defined(DMS_HAVE_GUI_PRINT)
#include "print/ReceiptPrinter.h"
#include "print/StampLabelPrinter.h"

#include <QPrintDialog>
#include <QPrinter>
#endif
#if defined(DMS_HAVE_GUI_SIGNING)
#include "signing/CertifyDialog.h"
#include "signing/CertifyJob.h"
#include "signing/PreferredCertificate.h"
#endif

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QUuid>
#include <QWidget>

namespace dms {

RegistrationActions::RegistrationActions(DeskConnection &desk, IncomingFlowOptions flow, QWidget *window)
    : QObject(window)
    , m_desk(desk)
    , m_flow(std::move(flow))
    , m_window(window)
{ }

RegistrationActions::~RegistrationActions() = default;

QString RegistrationActions::defaultModule()
{
    return QStringLiteral("p11-kit-proxy.so");
}

void RegistrationActions::setRegistration(const QString &index, const QDateTime &registeredAt,
                                          const QString &subject, int pageCount, const QString &documentId,
                                          const QString &scanFile)
{
    m_index = index;
    m_registeredAt = registeredAt;
    m_subject = subject;
    m_pageCount = pageCount;
    m_documentId = documentId;
    m_scanFile = scanFile;
}

bool RegistrationActions::isAvailable(Action action) const
{
    if (m_index.isEmpty() || !m_flow.settings)
        return false;
    switch (action) {
    case Action::Receipt:
    case Action::Label:
#if defined(DMS_HAVE_GUI_PRINT)
        return true;
#else
        return false;
#endif
    case Action::Certify:
#if defined(DMS_HAVE_GUI_SIGNING)
        return !m_scanFile.isEmpty() && !m_documentId.isEmpty() && m_flow.tokens && m_flow.clock;
#else
        return false;
#endif
    }
    return false;
}

void RegistrationActions::printReceipt()
{
    print(Action::Receipt);
}

void RegistrationActions::printLabel()
{
    print(Action::Label);
}

void RegistrationActions::print(Action action)
{
    if (!isAvailable(action))
        return;
#if defined(DMS_HAVE_GUI_PRINT)
    RegistrationSlip slip;
    slip.registrationIndex = m_index;
    slip.registeredAt = m_registeredAt;
    slip.subject = m_subject;
    slip.pageCount = m_pageCount;
    slip.office = m_flow.settings->value(QStringLiteral("office/name")).toString();
    slip.timeZone = m_desk.timeZone();
    const QString chosen
        = m_flow.settings->value(action == Action::Receipt ? receiptPrinterKey() : labelPrinterKey())
              .toString();
    auto printer = std::make_shared<QPrinter>(QPrinter::HighResolution);
    const auto printOn = [this, action, slip](QPrinter &target) {
        const Status printed = action == Action::Receipt ? ReceiptPrinter::print(target, slip)
                                                         : StampLabelPrinter::print(target, slip);
        Q_EMIT done(action, printed ? QString() : printed.error().message);
    };
    if (chosen.startsWith(QLatin1String("pdf:"))) {
        printer->setOutputFormat(QPrinter::PdfFormat);
        printer->setOutputFileName(chosen.mid(4));
        printOn(*printer);
        return;
    }
    if (!chosen.isEmpty()) {
        printer->setPrinterName(chosen);
        printOn(*printer);
        return;
    }
    auto *dialog = new QPrintDialog(printer.get(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [printer, printOn] { printOn(*printer); });
    dialog->open();
#endif
}

void RegistrationActions::certifyScan()
{
    if (!isAvailable(Action::Certify) || m_certify)
        return;
#if defined(DMS_HAVE_GUI_SIGNING)
    if (!m_tokens)
        m_tokens = m_flow.tokens();
    if (!m_tokens) {
        Q_EMIT done(Action::Certify, tr("The card reader's module could not be loaded."));
        return;
    }
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::TempLocation);
    const QString output = QDir(folder).filePath(
        QStringLiteral("certified-%1.pdf").arg(QUuid::createUuid().toString(QUuid::Id128)));
    m_certify = new CertifyDialog(m_tokens, *m_flow.clock, m_window);
    m_certify->setObjectName(QStringLiteral("certifyDialog"));
    m_certify->setAttribute(Qt::WA_DeleteOnClose);
    m_certify->job()->setChain(m_flow.chain);
    m_certify->job()->setPreferredCertificate(PreferredCertificate::fromSetting(
        m_flow.settings->value(DeskSettings::signingCertificateKey()).toString()));
    const QString office = m_flow.settings->value(QStringLiteral("office/name")).toString();
    m_certify->job()->setStampDetails(office.isEmpty() ? QStringList {m_index}
                                                       : QStringList {m_index, office});
    connect(m_certify, &CertifyDialog::certified, this, &RegistrationActions::certified);
    connect(m_certify, &CertifyDialog::failed, this,
            [this](const QString &message) { Q_EMIT done(Action::Certify, message); });
    m_certify->open();
    m_certify->certify(m_scanFile, output);
#endif
}

void RegistrationActions::certified(const QString &output)
{
    // The certified copy is the scan's next version, sent like the scan itself.
    QFile file(output);
    if (!file.open(QIODevice::ReadOnly) || !m_desk.engine()) {
        Q_EMIT done(Action::Certify, file.errorString());
        return;
    }
    auto attached = m_desk.engine()->attachFile(
        {m_documentId, {}, QStringLiteral("scan.pdf"), QStringLiteral("application/pdf")}, file);
    file.close();
    QFile::remove(output);
    if (!attached) {
        Q_EMIT done(Action::Certify, attached.error().message);
        return;
    }
    m_scanFile = m_desk.engine()->localFile(attached->payload.value(QStringLiteral("sha256")).toString());
    Q_EMIT done(Action::Certify, QString());
}

} // namespace dms
