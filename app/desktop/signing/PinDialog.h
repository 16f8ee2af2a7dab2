// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "signing/PinRequest.h"

#include <QByteArray>
#include <QDialog>

class QLabel;
class QLineEdit;
class QDialogButtonBox;

namespace dms {

/** Asks the clerk for the card's PIN: the token and key it is for, the PIN
 *  state the card reports (few tries left, final try, locked) and a masked
 *  field; in PIN pad mode only a "type the PIN on the reader" notice. Shown by
 *  DialogPinProvider; the PIN never leaves the dialog except through pin(). */
class PinDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PinDialog)

public:
    enum class Mode { Entry, PinPad };

    PinDialog(const PinRequest &request, Mode mode, QWidget *parent = nullptr);
    ~PinDialog() override;

    /** The PIN typed (UTF-8); cleared from the field when read. */
    QByteArray takePin();
    /** The warning shown about the PIN state, empty when none. */
    QString stateText() const;

    /** What the dialog says about @p state ("Only a few tries are left…"). */
    static QString describe(PinState state);

private:
    QLineEdit *m_pin = nullptr;
    QLabel *m_state = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace dms
