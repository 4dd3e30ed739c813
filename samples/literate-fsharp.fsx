(*@
    Layout = "post";
    Title = "Folding a List, One Step at a Time";
    AddedDate = "2016-02-14T09:00:00";
    Tags = "fsharp, literate";
    PostAuthor = "Ines Okafor";
*)

(**
This post is an F# script: the prose lives in comments, and the code between them runs.
A fold walks a list and carries a value along.
*)
(*** more ***)
(*** hide ***)
#r "packages/Unused/lib/Unused.dll"

(**
## Summing

The simplest fold adds the items up:
*)
let sum xs = List.fold (+) 0 xs

sum [1; 2; 3]
(**
## Counting words

The state can be anything, here a map from word to count:
*)
let count (text: string) =
    text.Split ' '
    |> Array.fold (fun (m: Map<string, int>) w ->
        m |> Map.add w (1 + defaultArg (Map.tryFind w m) 0)) Map.empty
(** That is all a fold is: a loop with its state made explicit. *)
