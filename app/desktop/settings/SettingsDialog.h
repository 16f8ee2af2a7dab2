// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "IncomingFlowOptions.h"
#include "settings/DeskSettings.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSettings;
class QTabWidget;

namespace dms {

/** This desk's settings (DeskSettings): the connection (the embedded office's
 *  database, or delovod-server with the desk's TLS certificate, key and CA),
 *  the scanner (a device found through the flow's scanner backend, SANE in the
 *  program) and its default profile, the card's PKCS#11 module and preferred
 *  certificate, the printers of receipts and stamp labels (QPrinterInfo), the
 *  language and the certificates trusted when verifying signatures.
 *
 *  OK validates (DeskSettings::validate()) and stays open showing the problem
 *  (errorText()) on the tab of the field; otherwise it writes the settings and
 *  closes. Printers and the scanner defaults take effect at once (they are read
 *  when used); the connection, the card's module, the language and the trusted
 *  certificates at the next start (the dialog says so). Device discovery runs
 *  on a worker. */
class SettingsDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    /** @p settings must outlive the dialog; @p flow gives the scanner backend (may be empty). */
    SettingsDialog(QSettings &settings, const IncomingFlowOptions &flow, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    /** What the fields say now. */
    DeskSettings values() const;
    void setValues(const DeskSettings &values);
    QString errorText() const;

public Q_SLOTS:
    void accept() override;
    /** Lists the scanners in the background; devicesFound() follows. */
    void findDevices();
    /** Lists the certificates on the card (those with a key) in the background to
     *  choose the preferred one from; cardRead() follows. */
    void readCard();

Q_SIGNALS:
    void devicesFound(int count);
    /** The certificates listed, or -1 when the card could not be read (errorText() says why). */
    void cardRead(int count);
    /** The settings were written. */
    void saved();

private:
    QWidget *connectionPage();
    QWidget *scannerPage();
    QWidget *cardPage();
    QWidget *printersPage();
    QWidget *verificationPage();
    QWidget *languagePage();
    QLineEdit *fileField(const char *name, QWidget *page, bool directory = false);
    void updateConnectionFields();
    void showProblem(const Error &error);
    /** Selects @p value (a fingerprint or an old label), adding it as @p text when not listed. */
    void setPreferredCertificate(const QString &value, const QString &text);
    static QString describeStoredCertificate(const QString &value);

    QSettings &m_settings;
    IncomingFlowOptions m_flow;
    bool m_findingDevices = false;
    bool m_readingCard = false;

    QTabWidget *m_tabs = nullptr;
    QRadioButton *m_embedded = nullptr;
    QRadioButton *m_server = nullptr;
    QLineEdit *m_database = nullptr;
    QLineEdit *m_serverUrl = nullptr;
    QLineEdit *m_certificate = nullptr;
    QLineEdit *m_key = nullptr;
    QLineEdit *m_ca = nullptr;
    QComboBox *m_device = nullptr;
    QPushButton *m_findDevices = nullptr;
    QComboBox *m_profile = nullptr;
    QLineEdit *m_module = nullptr;
    QComboBox *m_signingCertificate = nullptr;
    QPushButton *m_readCard = nullptr;
    QComboBox *m_receiptPrinter = nullptr;
    QComboBox *m_labelPrinter = nullptr;
    QComboBox *m_language = nullptr;
    QLineEdit *m_trustAnchors = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace dms
