"""The draft: the rendered templates made into one document in the official format.

`assemble` joins master and sections under the profile's `styles`; `insert` puts `tables` and `figures`
(`picture_inserter`) where the markers are, each in its `block_context`, with `captions`; `references`,
`contents` (目录) and `page_setup` follow, and `word_package` finishes the package as Word writes one.
`fitting` and `continued` are how a placed figure or table answers the layout pass (scaled, or 续表).
`record` is what the draft carries of where its values came from, for `revise`.
"""
