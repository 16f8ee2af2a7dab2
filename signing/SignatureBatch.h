// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>

namespace dms {

/** Many signatures with one key, in flight: the caller adds inputs and takes their
 *  signatures in the same order while the key signs the earlier ones (a token on its
 *  worker thread), so that preparing the next document overlaps signing this one and
 *  no thread waits for the other on every signature. Made by Token::startSignBatch()
 *  (raw inputs, raw outputs) and SigningKey::startSha256Batch() (SHA-256 digests, the
 *  encodings of SigningKey::signSha256()).
 *
 *  The first failure stops the batch: take() gives it for the input it happened on
 *  and for every later one, without touching the key again; the signatures taken
 *  before stay valid. Wrong PINs are not asked again (a key with a PIN per
 *  signature, a typo at the 23rd letter: 22 signatures, then WrongPin; the caller
 *  may start a new batch for the rest).
 *
 *  add() and take() belong to one thread; cancel() may come from any. Destroying the
 *  batch cancels what was not signed yet and waits for a signature in progress (with
 *  a PIN per signature that may be a PIN dialog). */
class SignatureBatch
{
public:
    virtual ~SignatureBatch();

    /** Queues @p input; does not wait for the key. */
    virtual void add(const QByteArray &input) = 0;

    /** The result of the oldest input not taken yet; blocks until it is made.
     *  Cancelled after cancel() for inputs not signed by then; InvalidInput when every
     *  input added has been taken. */
    [[nodiscard]] virtual Result<QByteArray> take() = 0;

    /** Stops before the next signature. Thread-safe. */
    virtual void cancel() = 0;
};

} // namespace dms
