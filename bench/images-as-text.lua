-- Images become their alt text in brackets, so typst compiles posts whose images are
-- not on disk (quire draws a placeholder for those instead).
function Image(img)
  return pandoc.Emph({pandoc.Str("[image: " .. pandoc.utils.stringify(img.caption) .. "]")})
end
