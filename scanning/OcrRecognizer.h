// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "scanning/OcrPageText.h"
#include "scanning/PageImage.h"

#include <functional>

namespace dms {

/** Recognises text on pages, one page at a time, from one thread at a time
 *  (each worker thread of an OcrJob has its own recognizer). */
class OcrRecognizer
{
public:
    virtual ~OcrRecognizer() = default;

    /** The text of `page`. `isCancelled` is polled while recognising; once it
     *  returns true the result is Cancelled. InvalidInput for a null image or a
     *  resolution ≤ 0. */
    virtual Result<OcrPageText> recognize(const PageImage &page, const std::function<bool()> &isCancelled)
        = 0;
};

} // namespace dms
